// The registry as JSON: what `registry list --format jsonl`, the change feed
// and the API show of an entry and of the law it carries.
#include "registry/json.h"

namespace pc::registry {

using nlohmann::ordered_json;

namespace {
ordered_json DateJson(const std::optional<LegalDate>& d) {
  return d ? ordered_json(d->ToString()) : ordered_json();
}
}  // namespace

ordered_json ToJson(const Obligation& o) {
  ordered_json j;
  j["kind"] = ToString(o.kind);
  j["activity"] = ToString(o.activity);
  j["text"] = o.text;
  j["above_threshold"] = o.above_threshold;
  j["citation"] = o.citation;
  j["verification"] = ToString(o.verification);
  return j;
}

ordered_json ToJson(const Category& c) {
  ordered_json j;
  j["id"] = c.id;
  j["jurisdiction"] = c.jurisdiction;
  j["name"] = c.name;
  j["kind"] = ToString(c.kind);
  j["obligations"] = ordered_json::array();
  for (const auto& o : c.obligations) j["obligations"].push_back(ToJson(o));
  j["citation"] = c.citation;
  j["verification"] = ToString(c.verification);
  return j;
}

ordered_json ToJson(const Threshold& t) {
  ordered_json j;
  if (t.none) {
    j["none"] = true;
  } else {
    j["quantity"] = t.quantity;
    j["unit"] = t.unit;
    if (!t.basis.empty()) j["basis"] = t.basis;
    j["cumulative_per_month"] = t.cumulative_per_month;
  }
  j["citation"] = t.citation;
  j["verification"] = ToString(t.verification);
  return j;
}

ordered_json ToJson(const MixtureRule& m) {
  ordered_json j;
  j["rule"] = ToString(m.kind);
  if (m.kind == MixtureKind::kAbovePercent) j["percent"] = m.percent;
  if (!m.excluded.empty()) j["excluded"] = m.excluded;
  if (!m.text.empty()) j["text"] = m.text;
  j["citation"] = m.citation;
  j["verification"] = ToString(m.verification);
  return j;
}

ordered_json ToJson(const DestinationRule& d) {
  ordered_json j;
  j["destinations"] = d.destinations_known ? ordered_json(d.destinations) : ordered_json("not known");
  j["chemicals"] = d.chemicals_known ? ordered_json(d.chemicals) : ordered_json("not known");
  j["obligation"] = ToJson(d.obligation);
  return j;
}

ordered_json ToJson(const HsCodes& h) {
  ordered_json j;
  j["subheading"] = h.subheading.empty() ? ordered_json() : ordered_json(h.subheading);
  j["dedicated"] = h.dedicated;
  ordered_json lines = ordered_json::array();
  for (const auto& n : h.national) lines.push_back({{"system", n.system}, {"code", n.code}});
  j["national"] = lines;
  j["source"] = h.source;
  j["verification"] = ToString(h.verification);
  return j;
}

ordered_json ToJson(const Entry& e) {
  ordered_json j;
  j["id"] = e.id;
  j["kind"] = ToString(e.kind);
  if (!e.role.empty()) j["role"] = e.role;
  if (!e.precursor_type.empty()) j["precursor_type"] = e.precursor_type;
  if (!e.drug_family.empty()) j["drug_family"] = e.drug_family;
  if (e.kind == EntryKind::kSubstance) j["material"] = ToString(e.material);
  j["jurisdiction"] = e.jurisdiction;
  j["name"] = e.name;
  if (!e.legal_name.empty()) j["legal_name"] = e.legal_name;
  j["synonyms"] = e.synonyms;
  j["cas"] = e.cas ? ordered_json(*e.cas) : ordered_json();
  if (!e.identities.empty()) {
    ordered_json ids = ordered_json::array();
    for (const auto& i : e.identities)
      ids.push_back({{"cas", i.cas}, {"form", i.form}, {"cas_source", i.cas_source},
                     {"verification", ToString(i.verification)}});
    j["identities"] = ids;
  }
  if (e.HasOwnStructure()) j["smiles"] = e.smiles;
  if (e.constituent)
    j["constituent"] = {{"name", e.constituent->name}, {"smiles", e.constituent->smiles},
                        {"source", e.constituent->source}};
  if (!e.structure_source.empty()) j["structure_source"] = e.structure_source;
  j["list"] = e.list;
  j["category"] = e.category;
  j["category_id"] = e.category_id;
  j["status"] = e.pending ? "pending" : "listed";
  j["adoption_date"] = DateJson(e.adoption_date);
  j["publication_date"] = DateJson(e.publication_date);
  j["notice_date"] = DateJson(e.notice_date);
  j["effective_date"] = DateJson(e.effective_date);
  if (e.effective_not_before) j["effective_not_before"] = DateJson(e.effective_not_before);
  j["end_date"] = DateJson(e.end_date);
  j["in_force_from"] = DateJson(e.in_force_from());
  j["date_basis"] = ToString(e.date_basis());
  ordered_json scope = ordered_json::array();
  for (const auto& c : e.scope) {
    ordered_json cj;
    cj["clause"] = c.clause;
    cj["effective_date"] = DateJson(e.ClauseStart(c));
    cj["verification"] = ToString(c.verification);
    scope.push_back(cj);
  }
  j["scope"] = scope;
  if (!e.scope_text.empty()) j["scope_text"] = e.scope_text;
  j["citation"] = e.citation;
  j["source"] = e.sources;
  j["verification"] = ToString(e.verification);
  j["unverified"] = e.unverified;
  if (!e.history.empty()) {
    ordered_json history = ordered_json::array();
    for (const auto& h : e.history)
      history.push_back({{"date", h.date.ToString()}, {"event", h.event}, {"citation", h.citation},
                         {"verification", ToString(h.verification)}});
    j["history"] = history;
  }
  if (!e.notes.empty()) j["notes"] = e.notes;
  if (!e.hs_code.empty()) j["hs_code"] = e.hs_code;
  if (!e.hs.empty()) j["hs"] = ToJson(e.hs);
  if (e.threshold) j["threshold"] = ToJson(*e.threshold);
  if (e.mixture) j["mixture"] = ToJson(*e.mixture);
  if (!e.destination_rules.empty()) {
    j["destination_rules"] = ordered_json::array();
    for (const auto& d : e.destination_rules) j["destination_rules"].push_back(ToJson(d));
  }
  if (e.adopts)
    j["adopts"] = {{"jurisdiction", e.adopts->jurisdiction}, {"categories", e.adopts->categories}};
  return j;
}

ordered_json ToJson(const Change& c) {
  ordered_json j;
  j["date"] = c.date ? nlohmann::ordered_json(c.date->ToString(c.precision)) : nlohmann::ordered_json(nullptr);
  j["event"] = ToString(c.kind);
  if (c.clause) j["clause"] = c.clause->clause;
  if (c.history) j["history"] = {{"event", c.history->event}, {"citation", c.history->citation}};
  j["entry"] = ToJson(*c.entry);
  return j;
}

}  // namespace pc::registry
