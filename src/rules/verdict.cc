#include "rules/verdict.h"

#include <algorithm>

#include "registry/registry.h"

namespace pc::rules {

using nlohmann::ordered_json;

std::string_view ToString(Verdict verdict) {
  switch (verdict) {
    case Verdict::kClear: return "clear";
    case Verdict::kWatch: return "watch";
    case Verdict::kControlled: return "controlled";
  }
  return "?";
}

std::string_view ToString(RuleKind kind) {
  switch (kind) {
    case RuleKind::kListing: return "listing";
    case RuleKind::kFamily: return "family";
    case RuleKind::kClass: return "class";
    case RuleKind::kConversion: return "conversion";
    case RuleKind::kSimilarity: return "similarity";
  }
  return "?";
}

std::string_view ToString(Status status) {
  switch (status) {
    case Status::kOk: return "ok";
    case Status::kError: return "error";
    case Status::kUnresolved: return "unresolved";
  }
  return "?";
}

void JurisdictionResult::Add(Match m) {
  verdict = std::max(verdict, m.verdict);
  matches.push_back(std::move(m));
}

ordered_json ToJson(const Match& m) {
  const auto& e = *m.entry;
  ordered_json j;
  j["rule"] = ToString(m.rule);
  j["verdict"] = ToString(m.verdict);
  j["entry"] = e.id;
  j["name"] = e.name;
  j["list"] = e.list;
  j["category"] = e.category;
  j["citation"] = e.citation;
  j["effective_date"] = e.effective_date ? ordered_json(e.effective_date->ToString()) : ordered_json();
  j["notice_date"] = e.notice_date ? ordered_json(e.notice_date->ToString()) : ordered_json();
  j["since"] = m.since ? ordered_json(m.since->ToString()) : ordered_json();
  j["date_basis"] = registry::ToString(e.date_basis());
  j["clauses"] = m.clauses;
  j["component"] = m.component;
  j["verification"] = registry::ToString(e.verification);
  // A clause relied on that is itself not verified makes the match partial.
  std::vector<std::string> unverified = e.unverified;
  for (const auto& name : m.clauses)
    if (const auto* c = e.FindClause(name); c && c->verification != registry::Verification::kVerified)
      unverified.push_back("scope:" + name);
  j["unverified"] = unverified;
  j["explanation"] = m.explanation;
  if (!m.details.is_null()) j["details"] = m.details;
  return j;
}

ordered_json ToJson(const ScreenResult& r) {
  ordered_json j;
  j["id"] = r.id;
  j["input"] = r.input;
  j["input_type"] = r.input_type;
  j["status"] = ToString(r.status);
  if (r.status != Status::kOk) j["error"] = r.error;
  j["verdict"] = r.verdict ? ordered_json(ToString(*r.verdict)) : ordered_json();
  j["as_of"] = r.as_of.ToString();
  if (!r.components.empty()) {
    ordered_json s;
    s["smiles"] = r.components.front();
    if (!r.structure_source.empty()) s["source"] = r.structure_source;
    s["components"] = r.components;
    s["removed_fragments"] = r.removed_fragments;
    s["notes"] = r.notes;
    j["structure"] = s;
  }
  ordered_json js = ordered_json::object();
  for (const auto& [code, jr] : r.jurisdictions) {
    ordered_json one;
    one["verdict"] = ToString(jr.verdict);
    one["matches"] = ordered_json::array();
    for (const auto& m : jr.matches) one["matches"].push_back(ToJson(m));
    if (!jr.near_misses.empty()) {
      one["near_misses"] = ordered_json::array();
      for (const auto& m : jr.near_misses) one["near_misses"].push_back(ToJson(m));
    }
    if (!jr.announced.empty()) {
      one["announced"] = ordered_json::array();
      for (const auto& m : jr.announced) one["announced"].push_back(ToJson(m));
    }
    // A clear verdict says what it was checked against: each list of the
    // jurisdiction (its data file), amended up to which date, and the
    // oldest day on which those files were compared with their sources.
    // Compact, since bulk output carries it on nearly every record.
    if (r.registry && jr.verdict == Verdict::kClear) {
      ordered_json lists = ordered_json::object();
      std::optional<registry::LegalDate> reviewed;
      for (const auto& c : r.registry->Consulted(code, r.as_of)) {
        lists[c.file.substr(0, c.file.rfind('.'))] =
            c.last_change ? ordered_json(c.last_change->ToString()) : ordered_json();
        if (!reviewed || c.reviewed.date < reviewed->date) reviewed = c.reviewed;
      }
      one["consulted"] = {{"lists", lists}, {"reviewed", reviewed ? ordered_json(reviewed->ToString()) : ordered_json()}};
    }
    if (jr.obligations_assessed) {
      one["obligations"] = ordered_json::array();
      for (const auto& a : jr.obligations)
        one["obligations"].push_back({{"obligation", registry::ToString(a.obligation.kind)},
                                      {"duty", registry::ToString(a.duty)},
                                      {"text", a.obligation.text},
                                      {"reason", a.reason},
                                      {"citation", a.obligation.citation},
                                      {"entry", a.source ? ordered_json(a.source->id) : ordered_json()},
                                      {"verification", registry::ToString(a.obligation.verification)}});
    }
    js[code] = one;
  }
  j["jurisdictions"] = js;
  return j;
}

}  // namespace pc::rules
