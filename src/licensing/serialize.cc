#include "licensing/serialize.h"

#include "licensing/store.h"

namespace pc::licensing {
namespace {

Json Time(std::optional<Timestamp> t) { return t ? Json(FormatTime(*t)) : Json(); }
Timestamp TimeFrom(const Json& j) { return j.is_string() ? ParseTime(j.get<std::string>()).value_or(0) : 0; }
std::optional<Timestamp> OptTime(const Json& j) {
  if (!j.is_string()) return std::nullopt;
  return ParseTime(j.get<std::string>());
}
Date DateFrom(const Json& j) { return Date::ParseDay(j.get<std::string>()).value_or(Date()); }
std::string Str(const Json& j, const char* key) { return j.value(key, std::string()); }
Json NullIfEmpty(const std::string& s) { return s.empty() ? Json() : Json(s); }
std::string StrOrEmpty(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
ScreeningReport Report(const Json& j, const char* key) {
  return j.contains(key) ? ScreeningReport(j[key]) : ScreeningReport();
}

std::vector<ScreeningRecord> ScreeningFromJson(const Json& j) {
  std::vector<ScreeningRecord> out;
  if (!j.is_array()) return out;
  for (const auto& s : j)
    out.push_back({s.value("item", 0), s.value("revision", 0),
                   s.value("jurisdictions", std::vector<std::string>{}), Str(s, "current_verdict"),
                   Report(s, "as_of_screening"), Report(s, "as_of_shipment"), Report(s, "current")});
  return out;
}

}  // namespace

Json ToJson(const ScreeningRecord& s) {
  Json j = {{"item", s.item}, {"revision", s.revision}, {"jurisdictions", s.jurisdictions},
            {"current_verdict", s.current_verdict}, {"as_of_screening", s.as_of_screening.json()},
            {"as_of_shipment", s.as_of_shipment.json()}};
  if (!s.current.empty()) j["current"] = s.current.json();
  return j;
}
Json ToJson(const std::vector<ScreeningRecord>& screening) {
  if (screening.empty()) return Json();
  Json out = Json::array();
  for (const auto& s : screening) out.push_back(ToJson(s));
  return out;
}

Json ToJson(const Organisation& o) {
  Json j = {{"id", o.id}, {"name", o.name}, {"kind", ToString(o.kind)}, {"country", o.country},
            {"address", o.address}, {"registration_number", o.registration_number}};
  if (o.kind == OrgKind::kExporter) j["authority"] = o.authority ? Json(*o.authority) : Json();
  if (o.kind == OrgKind::kLicensingAuthority) j["national"] = o.national;
  return j;
}
Organisation OrganisationFromJson(const Json& j) {
  Organisation o;
  o.id = j.at("id");
  o.name = Str(j, "name");
  o.kind = ParseOrgKind(Str(j, "kind")).value_or(OrgKind::kExporter);
  o.country = Str(j, "country");
  o.address = Str(j, "address");
  o.registration_number = Str(j, "registration_number");
  if (j.contains("authority") && j["authority"].is_number_integer()) o.authority = j["authority"].get<Id>();
  o.national = j.value("national", false);
  return o;
}

Json ToJson(const User& u, bool with_secret) {
  Json j = {{"id", u.id}, {"username", u.username}, {"organisation", u.org_id}, {"role", ToString(u.role)}};
  if (with_secret) j["password_hash"] = u.password_hash;
  return j;
}
User UserFromJson(const Json& j) {
  User u;
  u.id = j.at("id");
  u.username = Str(j, "username");
  u.org_id = j.at("organisation");
  std::string role = Str(j, "role");
  for (Role r : {Role::kExporter, Role::kOfficer, Role::kAuthority, Role::kCustoms})
    if (ToString(r) == role) u.role = r;
  u.password_hash = Str(j, "password_hash");
  return u;
}

Json ToJson(const Importer& i) {
  return {{"name", i.name}, {"country", i.country}, {"address", i.address},
          {"registration_number", i.registration_number}};
}
static Importer ImporterFromJson(const Json& j) {
  if (!j.is_object()) return {};
  return {Str(j, "name"), Str(j, "country"), Str(j, "address"), Str(j, "registration_number")};
}

Json ToJson(const Route& r) {
  return {{"transit_countries", r.transit_countries}, {"port_of_exit", r.port_of_exit},
          {"port_of_entry", r.port_of_entry}, {"transport_mode", r.transport_mode}};
}
static Route RouteFromJson(const Json& j) {
  Route r;
  if (!j.is_object()) return r;
  r.transit_countries = j.value("transit_countries", std::vector<std::string>{});
  r.port_of_exit = Str(j, "port_of_exit");
  r.port_of_entry = Str(j, "port_of_entry");
  r.transport_mode = Str(j, "transport_mode");
  return r;
}

Json ToJson(const LineItem& i) {
  return {{"substance", i.substance}, {"substance_type", i.substance_type}, {"quantity", i.quantity},
          {"unit", i.unit}, {"hs_code", i.hs_code},
          {"concentration", i.concentration ? Json(*i.concentration) : Json()}};
}
static LineItem LineItemFromJson(const Json& j) {
  LineItem i;
  i.substance = Str(j, "substance");
  i.substance_type = j.value("substance_type", std::string("auto"));
  i.quantity = j.value("quantity", 0.0);
  i.unit = Str(j, "unit");
  i.hs_code = Str(j, "hs_code");
  if (j.contains("concentration") && j["concentration"].is_number()) i.concentration = j["concentration"].get<double>();
  return i;
}

Json ToJson(const Document& d) {
  return {{"id", d.id}, {"type", ToString(d.type)}, {"filename", d.filename},
          {"mime_type", d.mime_type}, {"sha256", d.sha256}, {"size", d.size},
          {"uploaded", FormatTime(d.uploaded)}};
}
static Document DocumentFromJson(const Json& j) {
  Document d;
  d.id = j.at("id");
  d.type = ParseDocumentType(Str(j, "type")).value_or(DocumentType::kExportContract);
  d.filename = Str(j, "filename");
  d.mime_type = Str(j, "mime_type");
  d.sha256 = Str(j, "sha256");
  d.size = j.value("size", std::int64_t{0});
  d.uploaded = TimeFrom(j["uploaded"]);
  return d;
}

ApplicationRecord::ApplicationRecord(const Application& a)
    : id(a.id), exporter_org(a.exporter_org), authority_org(a.authority_org), version(a.version),
      status(ToString(a.status)), importer_key(ImporterKey(a.importer)), doc(ToJson(a).dump()) {}

Json ToJson(const ApplicationContent& c) {
  Json j;
  j["importer"] = ToJson(c.importer);
  j["consignee"] = ToJson(c.consignee);
  j["destination"] = c.destination;
  j["end_use"] = c.end_use;
  j["import_authorisation"] = c.import_authorisation;
  j["planned_shipment_date"] = c.planned_shipment.ToString();
  j["route"] = ToJson(c.route);
  j["items"] = Json::array();
  for (const auto& i : c.items) j["items"].push_back(ToJson(i));
  j["documents"] = Json::array();
  for (const auto& d : c.documents) j["documents"].push_back(ToJson(d));
  return j;
}
static ApplicationContent ContentFromJson(const Json& j) {
  ApplicationContent c;
  c.importer = ImporterFromJson(j.at("importer"));
  c.consignee = ImporterFromJson(j.value("consignee", Json()));
  c.destination = Str(j, "destination");
  c.end_use = Str(j, "end_use");
  c.import_authorisation = Str(j, "import_authorisation");
  c.planned_shipment = DateFrom(j.at("planned_shipment_date"));
  c.route = RouteFromJson(j.value("route", Json()));
  for (const auto& i : j.at("items")) c.items.push_back(LineItemFromJson(i));
  for (const auto& d : j.at("documents")) c.documents.push_back(DocumentFromJson(d));
  return c;
}

Json ToJson(const RiskSummary& r) {
  Json items = Json::array();
  for (const auto& i : r.items) {
    Json reasons = Json::array();
    for (const auto& x : i.reasons)
      reasons.push_back({{"jurisdiction", x.jurisdiction}, {"verdict", x.verdict}, {"entry", x.entry},
                         {"name", x.name}, {"citation", x.citation},
                         {"since", x.since.empty() ? Json() : Json(x.since)}, {"explanation", x.explanation}});
    Json item = {{"item", i.item}, {"substance", i.substance}, {"verdict_at_screening", i.verdict_at_screening},
                 {"verdict_at_shipment", i.verdict_at_shipment}, {"reasons", reasons}};
    if (!i.error.empty()) item["error"] = i.error;
    item["hs_code_declared"] = i.hs_code_declared;
    item["hs_code_expected"] = i.hs_code_expected;
    item["hs_code_consistent"] = i.hs_code_consistent;
    items.push_back(std::move(item));
  }
  Json hs = Json::array();
  for (const auto& x : r.hs_code_inconsistencies)
    hs.push_back({{"item", x.item}, {"declared", x.declared}, {"expected", x.expected}});
  Json j = {{"items", items},
            {"controlled_items", r.controlled_items},
            {"licence_required_items", r.licence_required_items},
            {"notification_required_items", r.notification_required_items},
            {"watch_items", r.watch_items},
            {"unresolved_items", r.unresolved_items},
            {"missing_documents", r.missing_documents},
            {"hs_code_inconsistencies", hs}};
  if (r.prior_importer_outcomes) {
    Json history = Json::array();
    for (const auto& p : *r.prior_importer_outcomes)
      history.push_back({{"application", p.application}, {"outcome", p.outcome}, {"reasons", p.reasons}});
    j["prior_importer_outcomes"] = history;
  }
  j["concerns"] = r.concerns;
  return j;
}

RiskSummary RiskSummaryFromJson(const Json& j) {
  RiskSummary r;
  auto indices = [&](const char* key) { return j.value(key, std::vector<int>{}); };
  for (const auto& i : j.value("items", Json::array())) {
    RiskItem item;
    item.item = i.value("item", 0);
    item.substance = Str(i, "substance");
    item.verdict_at_screening = Str(i, "verdict_at_screening");
    item.verdict_at_shipment = Str(i, "verdict_at_shipment");
    for (const auto& x : i.value("reasons", Json::array()))
      item.reasons.push_back({Str(x, "jurisdiction"), Str(x, "verdict"), Str(x, "entry"), Str(x, "name"),
                              Str(x, "citation"),
                              x["since"].is_string() ? x["since"].get<std::string>() : std::string(),
                              Str(x, "explanation")});
    item.error = Str(i, "error");
    item.hs_code_declared = Str(i, "hs_code_declared");
    item.hs_code_expected = i.value("hs_code_expected", std::vector<std::string>{});
    item.hs_code_consistent = i.value("hs_code_consistent", true);
    r.items.push_back(std::move(item));
  }
  r.controlled_items = indices("controlled_items");
  // A summary stored before each listing's duties were assessed names only
  // the controlled items; every duty is presumed owed for them.
  r.licence_required_items = j.contains("licence_required_items") ? indices("licence_required_items")
                                                                   : r.controlled_items;
  r.notification_required_items = j.contains("notification_required_items")
                                      ? indices("notification_required_items")
                                      : r.controlled_items;
  r.watch_items = indices("watch_items");
  r.unresolved_items = indices("unresolved_items");
  r.missing_documents = j.value("missing_documents", std::vector<std::string>{});
  for (const auto& x : j.value("hs_code_inconsistencies", Json::array()))
    r.hs_code_inconsistencies.push_back(
        {x.value("item", 0), Str(x, "declared"), x.value("expected", std::vector<std::string>{})});
  if (j.contains("prior_importer_outcomes")) {
    r.prior_importer_outcomes.emplace();
    for (const auto& p : j["prior_importer_outcomes"])
      r.prior_importer_outcomes->push_back({p.value("application", Id{0}), Str(p, "outcome"), Str(p, "reasons")});
  }
  r.concerns = j.value("concerns", 0);
  return r;
}

Json ToJson(const Application& a) {
  Json j = ToJson(ContentOf(a));
  j["id"] = a.id;
  j["exporter"] = a.exporter_org;
  j["authority"] = a.authority_org;
  j["version"] = a.version;
  j["revision"] = CurrentRevision(a);
  j["status"] = ToString(a.status);
  j["information_requests"] = Json::array();
  for (const auto& r : a.info_requests)
    j["information_requests"].push_back({{"question", r.question}, {"answer", r.answer},
                                         {"asked", FormatTime(r.asked)}, {"answered", Time(r.answered)},
                                         {"asked_revision", r.asked_revision}});
  j["revisions"] = Json::array();
  for (const auto& r : a.revisions)
    j["revisions"].push_back({{"number", r.number}, {"version", r.version}, {"time", FormatTime(r.time)},
                              {"actor", r.actor}, {"reason", r.reason}, {"content", ToJson(r.content)}});
  j["overrides"] = Json::array();
  for (const auto& o : a.overrides) j["overrides"].push_back({{"condition", o.condition}, {"reasons", o.reasons}});
  j["clock_pauses"] = Json::array();
  for (const auto& p : a.pauses)
    j["clock_pauses"].push_back({{"from", FormatTime(p.from)}, {"to", Time(p.to)}, {"reason", p.reason}});
  j["created"] = FormatTime(a.created);
  j["updated"] = FormatTime(a.updated);
  j["submitted"] = Time(a.submitted);
  j["decided"] = Time(a.decided);
  j["screening"] = ToJson(a.screening);
  j["risk"] = a.risk ? ToJson(*a.risk) : Json();
  j["decision_reasons"] = a.decision_reasons;
  j["licence_number"] = a.licence_number.empty() ? Json() : Json(a.licence_number);
  return j;
}

Application ApplicationFromJson(const Json& j) {
  Application a;
  a.id = j.at("id");
  a.exporter_org = j.at("exporter");
  a.authority_org = j.value("authority", Id{0});
  a.version = j.at("version");
  a.status = ParseAppStatus(Str(j, "status")).value_or(AppStatus::kDraft);
  auto c = ContentFromJson(j);
  a.importer = c.importer;
  a.consignee = c.consignee;
  a.destination = c.destination;
  a.end_use = c.end_use;
  a.import_authorisation = c.import_authorisation;
  a.planned_shipment = c.planned_shipment;
  a.route = c.route;
  a.items = std::move(c.items);
  a.documents = std::move(c.documents);
  for (const auto& r : j.at("information_requests"))
    a.info_requests.push_back({Str(r, "question"), Str(r, "answer"), TimeFrom(r["asked"]), OptTime(r["answered"]),
                               r.value("asked_revision", 0)});
  for (const auto& r : j.value("revisions", Json::array()))
    a.revisions.push_back({r.value("number", 0), r.value("version", std::int64_t{0}), TimeFrom(r["time"]),
                           Str(r, "actor"), Str(r, "reason"), ContentFromJson(r.at("content"))});
  for (const auto& o : j.value("overrides", Json::array()))
    a.overrides.push_back({Str(o, "condition"), Str(o, "reasons")});
  for (const auto& p : j.at("clock_pauses"))
    a.pauses.push_back({TimeFrom(p["from"]), OptTime(p["to"]), Str(p, "reason")});
  a.created = TimeFrom(j["created"]);
  a.updated = TimeFrom(j["updated"]);
  a.submitted = OptTime(j["submitted"]);
  a.decided = OptTime(j["decided"]);
  a.screening = ScreeningFromJson(j.value("screening", Json()));
  if (j.contains("risk") && j["risk"].is_object()) a.risk = RiskSummaryFromJson(j["risk"]);
  a.decision_reasons = Str(j, "decision_reasons");
  if (j["licence_number"].is_string()) a.licence_number = j["licence_number"];
  return a;
}

Json ToJson(const Notification& n) {
  Json questions = Json::array();
  for (const auto& q : n.questions)
    questions.push_back({{"question", q.question}, {"answer", q.answer}, {"asked", FormatTime(q.asked)},
                         {"answered", Time(q.answered)}});
  return {{"id", n.id}, {"application", n.application_id}, {"authority", n.authority_org},
          {"revision", n.revision}, {"country", n.country},
          {"status", ToString(n.status)}, {"sent", FormatTime(n.sent)},
          {"reply_deadline", FormatTime(n.deadline)}, {"extended_days", n.extended_days},
          {"replied", Time(n.replied)}, {"reasons", n.reasons}, {"questions", questions},
          {"summary", ToJson(n.summary)}};
}

Json ToJson(const NotificationSummary& s) {
  Json items = Json::array();
  for (const auto& i : s.items)
    items.push_back({{"item", i.item}, {"substance", i.substance}, {"name", NullIfEmpty(i.name)},
                     {"cas", NullIfEmpty(i.cas)}, {"hs_code", i.hs_code}, {"quantity", i.quantity},
                     {"unit", i.unit}, {"concentration", i.concentration ? Json(*i.concentration) : Json()},
                     {"verdict", i.verdict}});
  return {{"exporting_country", s.exporting_country}, {"exporter", ToJson(s.exporter)},
          {"importer", ToJson(s.importer)}, {"consignee", ToJson(s.consignee)},
          {"destination", s.destination}, {"route", ToJson(s.route)}, {"end_use", s.end_use},
          {"expected_dispatch_date", s.expected_dispatch_date.ToString()},
          {"import_authorisation", NullIfEmpty(s.import_authorisation)}, {"items", items}};
}
static NotificationSummary SummaryFromJson(const Json& j) {
  NotificationSummary s;
  if (!j.is_object()) return s;
  s.exporting_country = Str(j, "exporting_country");
  s.exporter = ImporterFromJson(j.value("exporter", Json()));
  s.importer = ImporterFromJson(j.value("importer", Json()));
  s.consignee = ImporterFromJson(j.value("consignee", Json()));
  s.destination = Str(j, "destination");
  s.route = RouteFromJson(j.value("route", Json()));
  s.end_use = Str(j, "end_use");
  if (j.contains("expected_dispatch_date") && j["expected_dispatch_date"].is_string())
    s.expected_dispatch_date = DateFrom(j["expected_dispatch_date"]);
  s.import_authorisation = StrOrEmpty(j, "import_authorisation");
  for (const auto& i : j.value("items", Json::array())) {
    NotifiedItem item;
    item.item = i.value("item", 0);
    item.substance = Str(i, "substance");
    item.name = StrOrEmpty(i, "name");
    item.cas = StrOrEmpty(i, "cas");
    item.hs_code = Str(i, "hs_code");
    item.quantity = i.value("quantity", 0.0);
    item.unit = Str(i, "unit");
    if (i.contains("concentration") && i["concentration"].is_number()) item.concentration = i["concentration"].get<double>();
    item.verdict = Str(i, "verdict");
    s.items.push_back(std::move(item));
  }
  return s;
}
Notification NotificationFromJson(const Json& j) {
  Notification n;
  n.id = j.at("id");
  n.application_id = j.at("application");
  n.authority_org = j.value("authority", Id{0});
  n.revision = j.value("revision", 0);
  n.extended_days = j.value("extended_days", 0);
  for (const auto& q : j.value("questions", Json::array()))
    n.questions.push_back({Str(q, "question"), Str(q, "answer"), TimeFrom(q["asked"]), OptTime(q["answered"])});
  n.country = Str(j, "country");
  n.status = ParseNotificationStatus(Str(j, "status")).value_or(NotificationStatus::kPending);
  n.sent = TimeFrom(j["sent"]);
  n.deadline = TimeFrom(j["reply_deadline"]);
  n.replied = OptTime(j["replied"]);
  n.reasons = Str(j, "reasons");
  n.summary = SummaryFromJson(j.value("summary", Json()));
  return n;
}

Json ToJson(const Licence& l) {
  Json items = Json::array();
  for (const auto& i : l.items)
    items.push_back({{"item", i.item}, {"substance", i.substance}, {"name", i.name}, {"cas", i.cas},
                     {"hs_code", i.hs_code}, {"quantity", i.quantity}, {"unit", i.unit}, {"drawn", i.drawn},
                     {"remaining", i.quantity - i.drawn}});
  return {{"number", l.number}, {"application", l.application_id}, {"exporter", l.exporter_org},
          {"authority", l.authority_org}, {"exporter_name", l.exporter_name},
          {"exporting_country", l.exporting_country}, {"revision", l.revision},
          {"status", l.status == LicenceStatus::kActive ? "active" : "revoked"},
          {"importer", ToJson(l.importer)}, {"destination", l.destination}, {"items", items},
          {"valid_from", l.valid_from.ToString()}, {"valid_until", l.valid_until.ToString()},
          {"issued", FormatTime(l.issued)}, {"revocation_reasons", l.revocation_reasons},
          {"version", l.version}, {"screening", ToJson(l.screening)}};
}
Licence LicenceFromJson(const Json& j) {
  Licence l;
  l.number = Str(j, "number");
  l.application_id = j.at("application");
  l.exporter_org = j.at("exporter");
  l.authority_org = j.value("authority", Id{0});
  l.exporting_country = Str(j, "exporting_country");
  l.exporter_name = Str(j, "exporter_name");
  l.revision = j.value("revision", 0);
  l.status = Str(j, "status") == "revoked" ? LicenceStatus::kRevoked : LicenceStatus::kActive;
  l.importer = ImporterFromJson(j.at("importer"));
  l.destination = Str(j, "destination");
  for (const auto& i : j.at("items"))
    l.items.push_back({i.at("item").get<int>(), Str(i, "substance"), Str(i, "unit"), i.at("quantity").get<double>(),
                       i.at("drawn").get<double>(), Str(i, "hs_code"), Str(i, "name"), Str(i, "cas")});
  l.valid_from = DateFrom(j.at("valid_from"));
  l.valid_until = DateFrom(j.at("valid_until"));
  l.issued = TimeFrom(j["issued"]);
  l.revocation_reasons = Str(j, "revocation_reasons");
  l.version = j.value("version", std::int64_t{1});
  l.screening = ScreeningFromJson(j.value("screening", Json()));
  return l;
}

Json ToJson(const Shipment& s) {
  Json lines = Json::array();
  for (const auto& l : s.lines) lines.push_back({{"item", l.item}, {"quantity", l.quantity}});
  return {{"id", s.id}, {"licence", s.licence_number}, {"lines", lines}, {"reference", s.reference},
          {"customs", s.customs_org}, {"recorded", FormatTime(s.recorded)}};
}
Shipment ShipmentFromJson(const Json& j) {
  Shipment s;
  s.id = j.at("id");
  s.licence_number = Str(j, "licence");
  for (const auto& l : j.at("lines")) s.lines.push_back({l.at("item").get<int>(), l.at("quantity").get<double>()});
  s.reference = Str(j, "reference");
  s.customs_org = j.value("customs", Id{0});
  s.recorded = TimeFrom(j["recorded"]);
  return s;
}

Json ToJson(const Flag& f) {
  Json changes = Json::array();
  for (const auto& c : f.changes) changes.push_back(ToJson(c));
  return {{"id", f.id}, {"authority", f.authority_org}, {"object", ToString(f.object)}, {"object_id", f.object_id},
          {"item", f.item}, {"previous", f.previous}, {"current", f.current}, {"as_of", f.as_of.ToString()},
          {"changes", changes}, {"created", FormatTime(f.created)}};
}
Json ToJson(const ListChange& c) {
  return {{"date", c.date}, {"event", c.event}, {"entry", c.entry}, {"jurisdiction", c.jurisdiction},
          {"name", c.name}};
}
Flag FlagFromJson(const Json& j) {
  Flag f;
  f.id = j.at("id");
  f.authority_org = j.value("authority", Id{0});
  f.object = ParseFlaggedObject(Str(j, "object")).value_or(FlaggedObject::kApplication);
  f.object_id = Str(j, "object_id");
  f.item = j.value("item", 0);
  f.previous = Str(j, "previous");
  f.current = Str(j, "current");
  f.as_of = DateFrom(j.at("as_of"));
  for (const auto& c : j.value("changes", Json::array()))
    f.changes.push_back({Str(c, "date"), Str(c, "event"), Str(c, "entry"), Str(c, "jurisdiction"), Str(c, "name")});
  f.created = TimeFrom(j["created"]);
  return f;
}

Json ToJson(const AuditRecord& r) {
  return {{"seq", r.seq}, {"time", FormatTime(r.time)}, {"actor", r.actor}, {"action", r.action},
          {"object", r.object}, {"details", r.details.json()}, {"prev_hash", r.prev_hash}, {"hash", r.hash}};
}

}  // namespace pc::licensing
