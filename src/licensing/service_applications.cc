// The exporter's side: drafts, documents, submission with screening and the
// risk summary, answers to information requests.
#include <algorithm>
#include <cctype>

#include "licensing/access.h"
#include "licensing/audit.h"
#include "licensing/crypto.h"
#include "licensing/risk.h"
#include "licensing/serialize.h"
#include "licensing/service.h"
#include "licensing/upload_checks.h"
#include "rules/verdict.h"

namespace pc::licensing {
namespace {

const char* const kUnits[] = {"kg", "g", "mg", "L", "mL"};
const std::pair<const char*, screen::InputHint> kHints[] = {
    {"auto", screen::InputHint::kAuto}, {"smiles", screen::InputHint::kSmiles},
    {"molfile", screen::InputHint::kMolBlock}, {"cas", screen::InputHint::kCas},
    {"name", screen::InputHint::kName}};

void Require(const std::string& value, const std::string& field) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) throw Invalid(field, "is required");
}

}  // namespace

std::vector<std::string> Service::JurisdictionsFor(const std::string& destination) const {
  auto out = countries_.JurisdictionsFor(config_.exporting_country);
  for (const auto& j : countries_.JurisdictionsFor(destination))
    if (std::find(out.begin(), out.end(), j) == out.end()) out.push_back(j);
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

void Service::Validate(const ApplicationInput& in, Timestamp now) const {
  Require(in.importer.name, "importer.name");
  Require(in.importer.address, "importer.address");
  Require(in.importer.registration_number, "importer.registration_number");
  if (!IsCountryCode(in.importer.country))
    throw Invalid("importer.country", "'" + in.importer.country + "' is not a two-letter country code (ISO 3166-1)");
  if (!IsCountryCode(in.destination))
    throw Invalid("destination", "'" + in.destination + "' is not a two-letter country code (ISO 3166-1)");
  Require(in.end_use, "end_use");
  auto date = Date::ParseDay(in.planned_shipment_date);
  if (!date) throw Invalid("planned_shipment_date", "'" + in.planned_shipment_date + "' is not a date (YYYY-MM-DD)");
  if (*date < DayOf(now)) throw Invalid("planned_shipment_date", "is in the past");
  if (in.items.empty()) throw Invalid("items", "an application needs at least one line item");
  if (in.items.size() > 100) throw Invalid("items", "at most 100 line items");
  for (size_t i = 0; i < in.items.size(); ++i) {
    const auto& item = in.items[i];
    std::string p = "items[" + std::to_string(i) + "]";
    Require(item.substance, p + ".substance");
    if (item.substance.size() > 100000) throw Invalid(p + ".substance", "longer than 100000 characters");
    if (std::none_of(std::begin(kHints), std::end(kHints), [&](auto& h) { return item.substance_type == h.first; }))
      throw Invalid(p + ".substance_type", "must be auto, smiles, molfile, cas or name");
    if (!(item.quantity > 0) || item.quantity > 1e12) throw Invalid(p + ".quantity", "must be a positive number");
    if (std::none_of(std::begin(kUnits), std::end(kUnits), [&](const char* u) { return item.unit == u; }))
      throw Invalid(p + ".unit", "must be one of kg, g, mg, L, mL");
    if (HsSubheading(item.hs_code).empty())
      throw Invalid(p + ".hs_code", "'" + item.hs_code + "' is not an HS code (at least six digits, e.g. 2933.36)");
    // A structure that cannot be read is refused now, not discovered at submission.
    auto r = ScreenItem(item, JurisdictionsFor(in.destination), DayOf(now));
    if (r.status == rules::Status::kError) throw Invalid(p + ".substance", r.error);
  }
}

Application Service::LoadOwned(Transaction& tx, const Actor& a, Id id, bool write) {
  auto app = tx.GetApplication(id);
  if (!app) throw NotFound("application " + std::to_string(id));
  if (a.user.role == Role::kExporter) {
    if (app->exporter_org != a.org.id) throw NotFound("application " + std::to_string(id));
  } else if (a.user.role == Role::kOfficer && !write) {
    // An application reaches the authority when it is submitted.
    if (app->status == AppStatus::kDraft) throw NotFound("application " + std::to_string(id));
  } else {
    throw Forbidden("role '" + ToString(a.user.role) + "' may not " + (write ? "change" : "read") + " applications");
  }
  return *app;
}

static void Apply(Application& app, const ApplicationInput& in) {
  app.importer = in.importer;
  app.destination = in.destination;
  app.end_use = in.end_use;
  app.planned_shipment = *Date::ParseDay(in.planned_shipment_date);
  app.items = in.items;
}

Application Service::CreateDraft(const Actor& a, const ApplicationInput& in, Timestamp now) {
  RequireRole(a, {Role::kExporter}, "draft applications");
  Validate(in, now);
  Application app;
  app.exporter_org = a.org.id;
  app.created = app.updated = now;
  Apply(app, in);
  store_.Write([&](Transaction& tx) {
    app.id = tx.InsertApplication(app);
    AppendAudit(tx, now, ActorName(a), "application.create", "application:" + std::to_string(app.id),
                {{"importer", ToJson(app.importer)}, {"destination", app.destination}, {"items", in.items.size()}});
  });
  return app;
}

Application Service::UpdateDraft(const Actor& a, Id id, std::int64_t version, const ApplicationInput& in,
                                 Timestamp now) {
  RequireRole(a, {Role::kExporter}, "change applications");
  Validate(in, now);
  Application app;
  store_.Write([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, true);
    CheckVersion(version, app.version);
    if (app.status != AppStatus::kDraft && app.status != AppStatus::kInfoRequested)
      throw Conflict("status", "only a draft or an application awaiting information can be changed (status: " +
                                   ToString(app.status) + ")");
    if (app.status == AppStatus::kInfoRequested && in.items.size() != app.items.size())
      throw Conflict("items", "line items cannot be added or removed after submission");
    Apply(app, in);
    app.version++;
    app.updated = now;
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "application.update", "application:" + std::to_string(id),
                {{"version", app.version}, {"importer", ToJson(app.importer)}, {"destination", app.destination}});
  });
  return app;
}

Document Service::AddDocument(const Actor& a, Id id, DocumentType type, const std::string& filename,
                              const std::string& mime_type, const std::string& bytes, Timestamp now) {
  RequireRole(a, {Role::kExporter}, "upload documents");
  CheckDocumentContent(config_, filename, mime_type, bytes);
  // Every check that can refuse the upload runs before its bytes are stored.
  store_.Read([&](Transaction& tx) { CheckDocumentFits(tx, LoadOwned(tx, a, id, true), bytes.size(), config_); });
  Document doc;
  doc.type = type;
  doc.filename = filename;
  doc.mime_type = mime_type;
  doc.sha256 = Sha256Hex(bytes);
  doc.size = std::int64_t(bytes.size());
  doc.uploaded = now;
  blobs_.Put(doc.sha256, bytes);  // content-addressed: stored once, before it is referenced
  store_.Write([&](Transaction& tx) {
    auto app = LoadOwned(tx, a, id, true);
    CheckDocumentFits(tx, app, doc.size, config_);  // again: it may have changed since
    Id next = 1;
    for (const auto& d : app.documents) next = std::max(next, d.id + 1);
    doc.id = next;
    app.documents.push_back(doc);
    app.version++;
    app.updated = now;
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "document.upload", "application:" + std::to_string(id), ToJson(doc));
  });
  return doc;
}

std::pair<Document, std::string> Service::GetDocument(const Actor& a, Id id, Id document_id) {
  Application app;
  store_.Read([&](Transaction& tx) { app = LoadOwned(tx, a, id, false); });
  for (const auto& d : app.documents)
    if (d.id == document_id) {
      auto bytes = blobs_.Get(d.sha256);
      if (!bytes) throw Error(ErrorKind::kNotFound, "", "document content missing from storage");
      if (Sha256Hex(*bytes) != d.sha256)
        throw Error(ErrorKind::kConflict, "", "stored document does not match its SHA-256; storage is damaged");
      return {d, *bytes};
    }
  throw NotFound("document " + std::to_string(document_id));
}

Application Service::Submit(const Actor& a, Id id, std::optional<std::int64_t> version, Timestamp now) {
  RequireRole(a, {Role::kExporter}, "submit applications");
  Application app;
  std::vector<PriorOutcome> prior;
  store_.Read([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, true);
    CheckVersion(version, app.version);
    if (app.status != AppStatus::kDraft)
      throw Conflict("status", "only a draft can be submitted (status: " + ToString(app.status) + ")");
    // Refusals and objections are few; drafts and open applications for a
    // busy importer are many: ask only for the outcomes.
    std::string key = ImporterKey(app.importer);
    ApplicationFilter f;
    f.importer_key = key;
    f.status = AppStatus::kRefused;
    for (const auto& other : tx.ListApplications(f))
      if (other.id != app.id) prior.push_back({other.id, "refused", other.decision_reasons});
    NotificationFilter nf;
    nf.status = NotificationStatus::kObjection;
    for (const auto& n : tx.ListNotifications(nf)) {
      auto other = tx.GetApplication(n.application_id);
      if (other && other->id != app.id && ImporterKey(other->importer) == key)
        prior.push_back({other->id, "objection", n.reasons});
    }
  });
  // Screening runs outside the write lock: it is the slow part.
  Date today = DayOf(now);
  auto jurisdictions = JurisdictionsFor(app.destination);
  std::vector<ItemScreening> screens;
  Json screening = Json::array();
  for (size_t i = 0; i < app.items.size(); ++i) {
    ItemScreening s{ScreenItem(app.items[i], jurisdictions, today),
                    ScreenItem(app.items[i], jurisdictions, app.planned_shipment)};
    screening.push_back({{"item", i},
                         {"jurisdictions", jurisdictions},
                         {"current_verdict", VerdictWord(s.at_submission)},
                         {"as_of_submission", rules::ToJson(s.at_submission)},
                         {"as_of_shipment", rules::ToJson(s.at_shipment)}});
    screens.push_back(std::move(s));
  }
  Json risk = RiskSummary(app, screens, prior);
  // The submitted record is built from the snapshot and serialised here,
  // before the single writer is taken: the write itself only checks that
  // nothing changed and stores the document.
  std::int64_t read_version = app.version;
  Application submitted = std::move(app);
  submitted.status = AppStatus::kSubmitted;
  submitted.submitted = now;
  submitted.updated = now;
  submitted.screening = std::move(screening);
  submitted.risk = risk;
  submitted.version++;
  ApplicationRecord record(submitted);
  store_.Write([&](Transaction& tx) {
    // Every change raises the version, so the same version means the same
    // draft, owner and status as checked above.
    if (tx.ApplicationVersion(id) != read_version) {  // changed (or gone) while we screened
      auto now_stored = LoadOwned(tx, a, id, true);
      CheckVersion(read_version, now_stored.version);
    }
    tx.UpdateApplication(record);
    AppendAudit(tx, now, ActorName(a), "application.submit", "application:" + std::to_string(id),
                {{"version", submitted.version}, {"controlled_items", risk["controlled_items"]},
                 {"missing_documents", risk["missing_documents"]}});
  });
  return submitted;
}

Application Service::AnswerInformation(const Actor& a, Id id, const std::string& answer,
                                       std::optional<std::int64_t> version, Timestamp now) {
  RequireRole(a, {Role::kExporter}, "answer information requests");
  Require(answer, "answer");
  Application app;
  store_.Write([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, true);
    CheckVersion(version, app.version);
    if (app.status != AppStatus::kInfoRequested || app.info_requests.empty())
      throw Conflict("status", "no information request is open (status: " + ToString(app.status) + ")");
    auto& r = app.info_requests.back();
    r.answer = answer;
    r.answered = now;
    app.status = AppStatus::kSubmitted;
    app.version++;
    app.updated = now;
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "application.answer", "application:" + std::to_string(id),
                {{"answer", answer}, {"version", app.version}});
  });
  return app;
}

Application Service::GetApplication(const Actor& a, Id id) {
  RequireRole(a, {Role::kExporter, Role::kOfficer}, "read applications");
  Application app;
  store_.Read([&](Transaction& tx) { app = LoadOwned(tx, a, id, false); });
  return app;
}

std::vector<Application> Service::ListApplications(const Actor& a, std::optional<AppStatus> status) {
  RequireRole(a, {Role::kExporter, Role::kOfficer}, "list applications");
  ApplicationFilter f;
  f.status = status;
  if (a.user.role == Role::kExporter) f.exporter_org = a.org.id;
  std::vector<Application> out;
  store_.Read([&](Transaction& tx) { out = tx.ListApplications(f); });
  // Officers never see drafts: an application reaches the authority on submission.
  if (a.user.role == Role::kOfficer)
    std::erase_if(out, [](const Application& x) { return x.status == AppStatus::kDraft; });
  return out;
}

}  // namespace pc::licensing
