// What an application is judged on: its items screened in the jurisdictions
// its route requires, the risk summary built from that screen and from the
// importer's history, and what an officer sees changed between revisions.
#include <algorithm>
#include <map>

#include "licensing/access.h"
#include "licensing/risk.h"
#include "licensing/serialize.h"
#include "licensing/service.h"
#include "rules/obligations.h"
#include "rules/verdict.h"

namespace pc::licensing {
namespace {

const std::pair<const char*, screen::InputHint> kHints[] = {
    {"auto", screen::InputHint::kAuto}, {"smiles", screen::InputHint::kSmiles},
    {"molfile", screen::InputHint::kMolBlock}, {"cas", screen::InputHint::kCas},
    {"name", screen::InputHint::kName}};

// "/items/0/substance" -> "items[0].substance"
std::string FieldName(const std::string& pointer) {
  std::string out;
  size_t i = 1;
  while (i <= pointer.size()) {
    size_t next = pointer.find('/', i);
    if (next == std::string::npos) next = pointer.size();
    std::string part = pointer.substr(i, next - i);
    bool index = !part.empty() && std::all_of(part.begin(), part.end(), ::isdigit);
    if (index) out += "[" + part + "]";
    else out += (out.empty() ? "" : ".") + part;
    i = next + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> Service::JurisdictionsFor(const std::string& destination,
                                                   const std::vector<std::string>& transit) const {
  auto out = countries_.JurisdictionsFor(config_.exporting_country);
  auto add = [&](const std::string& country) {
    for (const auto& j : countries_.JurisdictionsFor(country))
      if (std::find(out.begin(), out.end(), j) == out.end()) out.push_back(j);
  };
  add(destination);
  // Goods in transit are subject to the transit country's controls too.
  for (const auto& c : transit) add(c);
  // Only jurisdictions the registry knows can be screened.
  auto known = screener_->registry().jurisdictions();
  std::erase_if(out, [&](const std::string& j) { return std::find(known.begin(), known.end(), j) == known.end(); });
  return out;
}

rules::ScreenResult Service::ScreenItem(const LineItem& item, const std::vector<std::string>& jurisdictions,
                                        Date as_of) const {
  screen::InputRecord record;
  record.text = item.substance;
  for (const auto& [name, hint] : kHints)
    if (item.substance_type == name) record.hint = hint;
  rules::Query query;  // the engine's default conversion depth: watch verdicts included
  query.jurisdictions = jurisdictions;
  query.as_of = as_of;
  return cache_.Screen(record, query);
}

std::pair<std::string, std::string> Service::ListedIdentity(const LineItem& item,
                                                            const std::vector<std::string>& jurisdictions,
                                                            Date as_of) const {
  auto r = ScreenItem(item, jurisdictions, as_of);
  for (const auto& [code, jr] : r.jurisdictions)
    for (const auto& m : jr.matches)
      if (m.entry && m.entry->kind == registry::EntryKind::kSubstance) return {m.entry->name, m.entry->cas.value_or("")};
  return {};
}

void Service::Assess(Application& app, const std::vector<PriorOutcome>& prior, Date today) const {
  auto jurisdictions = JurisdictionsFor(app.destination, app.route.transit_countries);
  std::vector<ItemScreening> screens;
  std::vector<ScreeningRecord> screening;
  for (size_t i = 0; i < app.items.size(); ++i) {
    ItemScreening s{ScreenItem(app.items[i], jurisdictions, today),
                    ScreenItem(app.items[i], jurisdictions, app.planned_shipment)};
    // The duties this export owes under each listing, for the quantity and
    // concentration applied for: what the licence and notification rest on.
    registry::Transaction t;
    t.activity = registry::Activity::kExport;
    t.destination = app.destination;
    t.quantity = app.items[i].quantity;
    t.unit = app.items[i].unit;
    t.concentration_percent = app.items[i].concentration;
    t.as_of = today;
    rules::AssessObligations(s.at_submission, t);
    t.as_of = app.planned_shipment;
    rules::AssessObligations(s.at_shipment, t);
    screening.push_back({int(i), CurrentRevision(app), jurisdictions, VerdictWord(s.at_submission),
                         ScreeningReport(rules::ToJson(s.at_submission)),
                         ScreeningReport(rules::ToJson(s.at_shipment)), ScreeningReport()});
    screens.push_back(std::move(s));
  }
  app.screening = std::move(screening);
  app.risk = SummariseRisk(app, screens, prior);
}

std::vector<PriorOutcome> Service::PriorOutcomes(Transaction& tx, const Application& app) {
  // Refusals and objections are few; drafts and open applications for a
  // busy importer are many: ask only for the outcomes.
  std::vector<PriorOutcome> prior;
  std::string key = ImporterKey(app.importer);
  ApplicationFilter f;
  f.importer_key = key;
  f.status = AppStatus::kRefused;
  for (const auto& other : tx.ListApplications(f))
    if (other.id != app.id) prior.push_back({other.id, "refused", other.decision_reasons});
  NotificationFilter nf;
  nf.status = NotificationStatus::kObjection;
  for (const auto& n : tx.ListNotifications(nf)) {
    if (n.application_id == app.id) continue;  // this application's own objection is a condition of its own
    auto other = tx.GetApplication(n.application_id);
    if (other && ImporterKey(other->importer) == key) prior.push_back({other->id, "objection", n.reasons});
  }
  return prior;
}

Application Service::ViewFor(const Actor& a, Application app) const {
  if (a.user.role == Role::kExporter && app.risk) app.risk = WithoutImporterHistory(std::move(*app.risk));
  return app;
}

std::vector<ContentChange> Service::Changes(const Actor& a, Id id, int since) {
  RequireRole(a, {Role::kExporter, Role::kOfficer}, "read an application's changes");
  Application app;
  store_.Read([&](Transaction& tx) { app = LoadOwned(tx, a, id, false); });
  if (since < 1 || since > CurrentRevision(app))
    throw Invalid("since", "no revision " + std::to_string(since) + " (revisions 1 to " +
                               std::to_string(CurrentRevision(app)) + ")");
  Json before = ToJson(app.revisions[size_t(since - 1)].content), after = ToJson(ContentOf(app));
  std::vector<ContentChange> out;
  // RFC 6902 operations between the two states, read back as field values.
  // An element appended to an array is addressed "/documents/-": it is
  // named by the index it has in the later state.
  std::map<std::string, std::size_t> appended;
  for (const auto& op : Json::diff(before, after)) {
    std::string path = op["path"];
    if (path.size() >= 2 && path.compare(path.size() - 2, 2, "/-") == 0) {
      std::string array = path.substr(0, path.size() - 2);
      std::size_t index = before[Json::json_pointer(array)].size() + appended[array]++;
      path = array + "/" + std::to_string(index);
    }
    Json::json_pointer ptr(path);
    ContentChange c;
    c.field = FieldName(path);
    if (before.contains(ptr)) c.before = before[ptr];
    if (after.contains(ptr)) c.after = after[ptr];
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace pc::licensing
