// The exporter's side: drafts, documents, submission with screening and the
// risk summary, answers to information requests.
#include <algorithm>
#include <cctype>

#include "licensing/access.h"
#include "licensing/audit.h"
#include "licensing/crypto.h"
#include "licensing/input_limits.h"
#include "licensing/risk.h"
#include "licensing/serialize.h"
#include "licensing/service.h"
#include "licensing/vocabulary.h"
#include "licensing/upload_checks.h"
#include "rules/verdict.h"

namespace pc::licensing {
namespace {


bool Blank(const std::string& value) { return value.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

// Every problem of the input at once, each named by its field, so the form
// can mark them all; the first names the error.
void Service::Validate(const ApplicationInput& in, Timestamp now) const {
  std::vector<Problem> problems;
  auto problem = [&](std::string field, std::string reason) { problems.push_back({std::move(field), std::move(reason)}); };
  auto require = [&](const std::string& value, const std::string& field) {
    if (Blank(value)) problem(field, "is required");
  };
  auto country = [&](const std::string& code, const std::string& field) {
    if (!IsCountryCode(code) || countries_.Name(code).empty())
      problem(field, "'" + code + "' is not an ISO 3166-1 country code (two letters, e.g. DE for Germany)");
  };
  require(in.importer.name, "importer.name");
  require(in.importer.address, "importer.address");
  require(in.importer.registration_number, "importer.registration_number");
  country(in.importer.country, "importer.country");
  country(in.destination, "destination");
  if (!in.consignee.name.empty()) {
    country(in.consignee.country, "consignee.country");
    require(in.consignee.address, "consignee.address");
  }
  for (size_t i = 0; i < in.route.transit_countries.size(); ++i)
    country(in.route.transit_countries[i], "route.transit_countries[" + std::to_string(i) + "]");
  if (!in.route.transport_mode.empty() && !Contains(TransportModes(), in.route.transport_mode))
    problem("route.transport_mode", "must be " + Alternatives(TransportModes()));
  require(in.end_use, "end_use");
  auto date = Date::ParseDay(in.planned_shipment_date);
  if (!date) problem("planned_shipment_date", "'" + in.planned_shipment_date + "' is not a date (YYYY-MM-DD)");
  else if (*date < DayOf(now)) problem("planned_shipment_date", "is in the past");
  if (in.items.empty()) problem("items", "an application needs at least one line item");
  if (in.items.size() > limits::kItems)
    problem("items", "at most " + std::to_string(limits::kItems) + " line items");
  auto jurisdictions = JurisdictionsFor(in.destination, in.route.transit_countries);
  for (size_t i = 0; i < in.items.size() && i < limits::kItems; ++i) {
    const auto& item = in.items[i];
    std::string p = "items[" + std::to_string(i) + "]";
    bool screenable = !Blank(item.substance) && item.substance.size() <= limits::kSubstance;
    require(item.substance, p + ".substance");
    if (item.substance.size() > limits::kSubstance)
      problem(p + ".substance", "longer than " + std::to_string(limits::kSubstance) + " characters");
    if (!Contains(SubstanceTypes(), item.substance_type)) {
      problem(p + ".substance_type", "must be " + Alternatives(SubstanceTypes()));
      screenable = false;
    }
    if (!(item.quantity > 0) || item.quantity > 1e12) problem(p + ".quantity", "must be a positive number");
    if (!Contains(Units(), item.unit)) problem(p + ".unit", "must be " + Alternatives(Units()));
    if (HsSubheading(item.hs_code).empty())
      problem(p + ".hs_code", "'" + item.hs_code + "' is not an HS code (at least six digits, e.g. 2933.36)");
    if (item.concentration && !(*item.concentration > 0 && *item.concentration <= 100))
      problem(p + ".concentration", "a percentage by weight above 0 and at most 100");
    // A structure that cannot be read is refused now, not discovered at submission.
    if (screenable) {
      auto r = ScreenItem(item, jurisdictions, DayOf(now));
      if (r.status == rules::Status::kError) problem(p + ".substance", r.error);
    }
  }
  if (problems.empty()) return;
  std::string summary;
  for (size_t i = 0; i < problems.size(); ++i)
    summary += (i ? "; " : "") + problems[i].field + ": " + problems[i].reason;
  std::string field = problems.front().field;
  if (problems.size() == 1) throw Invalid(field, problems.front().reason);
  throw Invalid(field, summary).WithProblems(std::move(problems));
}

Application Service::LoadOwned(Transaction& tx, const Actor& a, Id id, bool write) {
  auto app = tx.GetApplication(id);
  if (!app) throw NotFound("application " + std::to_string(id));
  if (a.user.role == Role::kExporter) {
    if (app->exporter_org != a.org.id) throw NotFound("application " + std::to_string(id));
  } else if (a.user.role == Role::kOfficer) {
    // An application reaches the authority when it is submitted, and only
    // the authority it is assigned to (or one at national level) sees it.
    if (app->status == AppStatus::kDraft || !MayReadAuthority(a, app->authority_org))
      throw NotFound("application " + std::to_string(id));
    if (write && app->authority_org != a.org.id)
      throw Forbidden("application " + std::to_string(id) +
                      " is assigned to another licensing authority; a national authority reads it but does not decide it");
  } else {
    throw Forbidden("role '" + ToString(a.user.role) + "' may not " + (write ? "change" : "read") + " applications");
  }
  return *app;
}

bool Service::MayReadAuthority(const Actor& a, Id authority_org) const {
  return a.user.role == Role::kOfficer && (a.org.national || authority_org == a.org.id);
}

static void Apply(Application& app, const ApplicationInput& in) {
  app.importer = in.importer;
  app.consignee = in.consignee;
  app.destination = in.destination;
  app.end_use = in.end_use;
  app.import_authorisation = in.import_authorisation;
  app.planned_shipment = *Date::ParseDay(in.planned_shipment_date);
  app.route = in.route;
  app.items = in.items;
}

// After submission, what is exported, to whom and where stays as submitted:
// a change there is a new application in substance and goes back to a draft.
static std::vector<Problem> LockedChanges(const Application& app, const ApplicationInput& in) {
  std::vector<Problem> out;
  const std::string how = " cannot change after submission; withdraw the application to a draft, change it and submit it again";
  if (in.items.size() != app.items.size()) out.push_back({"items", "the number of line items" + how});
  for (size_t i = 0; i < std::min(in.items.size(), app.items.size()); ++i) {
    const auto &was = app.items[i], &now = in.items[i];
    std::string p = "items[" + std::to_string(i) + "].";
    if (now.substance != was.substance || now.substance_type != was.substance_type)
      out.push_back({p + "substance", "the substance" + how});
    if (now.quantity != was.quantity) out.push_back({p + "quantity", "the quantity" + how});
    if (now.unit != was.unit) out.push_back({p + "unit", "the unit" + how});
  }
  if (in.destination != app.destination) out.push_back({"destination", "the destination" + how});
  if (ImporterKey(in.importer) != ImporterKey(app.importer))
    out.push_back({"importer.name", "the importer" + how});
  return out;
}

static void AddRevision(Application& app, const Actor& a, const std::string& reason, Timestamp now) {
  app.revisions.push_back({CurrentRevision(app) + 1, app.version, now, ActorName(a), reason, ContentOf(app)});
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

Application Service::Update(const Actor& a, Id id, std::int64_t version, const ApplicationInput& in, Timestamp now) {
  RequireRole(a, {Role::kExporter}, "change applications");
  Validate(in, now);
  Application app;
  store_.Write([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, true);
    CheckVersion(version, app.version);
    if (app.status != AppStatus::kDraft && app.status != AppStatus::kInfoRequested)
      throw Conflict("status", "only a draft or an application awaiting information can be changed (status: " +
                                   ToString(app.status) + "); withdraw it to a draft to change it");
    if (app.status == AppStatus::kInfoRequested) {
      auto locked = LockedChanges(app, in);
      if (!locked.empty())
        throw Conflict(locked.front().field, locked.front().reason).WithProblems(std::move(locked));
    }
    Json before = ToJson(ContentOf(app));
    Apply(app, in);
    app.version++;
    app.updated = now;
    Json details = {{"version", app.version}, {"importer", ToJson(app.importer)}, {"destination", app.destination}};
    if (app.status != AppStatus::kDraft) {
      AddRevision(app, a, "corrected while information was requested", now);
      Reassess(tx, app, DayOf(now));
      details["revision"] = CurrentRevision(app);
      details["changes"] = Json::diff(before, ToJson(ContentOf(app)));
    }
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "application.update", "application:" + std::to_string(id), details);
  });
  return ViewFor(a, app);
}

Application Service::Withdraw(const Actor& a, Id id, std::optional<std::int64_t> version, Timestamp now) {
  RequireRole(a, {Role::kExporter}, "withdraw applications");
  Application app;
  store_.Write([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, true);
    CheckVersion(version, app.version);
    if (!IsOpen(app.status))
      throw Conflict("status", "only an application awaiting a decision can be withdrawn (status: " +
                                   ToString(app.status) + ")");
    // A notification outstanding describes what is no longer applied for.
    NotificationFilter nf;
    nf.application_id = id;
    for (auto n : tx.ListNotifications(nf))
      if (n.status == NotificationStatus::kPending) {
        n.status = NotificationStatus::kWithdrawn;
        n.replied = now;
        tx.UpdateNotification(n);
        AppendAudit(tx, now, ActorName(a), "notification.withdraw", "notification:" + std::to_string(n.id),
                    {{"application", id}});
      }
    for (auto& p : app.pauses)
      if (!p.to) p.to = now;
    app.status = AppStatus::kDraft;
    app.submitted.reset();
    app.screening.clear();
    app.risk.reset();
    app.version++;
    app.updated = now;
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "application.withdraw", "application:" + std::to_string(id),
                {{"version", app.version}, {"revision", CurrentRevision(app)}});
  });
  return ViewFor(a, app);
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
    Json details = ToJson(doc);
    if (app.status != AppStatus::kDraft) {
      AddRevision(app, a, "document added while information was requested", now);
      Reassess(tx, app, DayOf(now));
      details["revision"] = CurrentRevision(app);
    }
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "document.upload", "application:" + std::to_string(id), details);
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
  if (!a.org.authority)
    throw Conflict("authority", "your organisation is not registered with a licensing authority; ask the "
                                "administrator to register it before submitting");
  Application app;
  std::vector<PriorOutcome> prior;
  store_.Read([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, true);
    CheckVersion(version, app.version);
    if (app.status != AppStatus::kDraft)
      throw Conflict("status", "only a draft can be submitted (status: " + ToString(app.status) + ")");
    prior = PriorOutcomes(tx, app);
  });
  // The submitted record is built and screened from the snapshot, outside
  // the single writer (screening is the slow part); the write itself only
  // checks that nothing changed and stores it.
  std::int64_t read_version = app.version;
  Application submitted = std::move(app);
  submitted.status = AppStatus::kSubmitted;
  submitted.authority_org = *a.org.authority;
  submitted.submitted = now;
  submitted.updated = now;
  submitted.pauses.clear();  // a new receipt starts a new decision clock
  submitted.version++;
  AddRevision(submitted, a, submitted.revisions.empty() ? "submitted" : "submitted again", now);
  Assess(submitted, prior, DayOf(now));
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
                {{"version", submitted.version}, {"revision", CurrentRevision(submitted)},
                 {"authority", submitted.authority_org}, {"controlled_items", submitted.risk->controlled_items},
                 {"missing_documents", submitted.risk->missing_documents}});
  });
  return ViewFor(a, submitted);
}

Application Service::AnswerInformation(const Actor& a, Id id, const std::string& answer,
                                       std::optional<std::int64_t> version, Timestamp now) {
  RequireRole(a, {Role::kExporter}, "answer information requests");
  if (Blank(answer)) throw Invalid("answer", "is required");
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
    // Back in the queue on a screen of today, whatever changed meanwhile.
    Reassess(tx, app, DayOf(now));
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "application.answer", "application:" + std::to_string(id),
                {{"answer", answer}, {"version", app.version}, {"revision", CurrentRevision(app)},
                 {"changes_since_question", CurrentRevision(app) - r.asked_revision}});
  });
  return ViewFor(a, app);
}

Application Service::GetApplication(const Actor& a, Id id) {
  RequireRole(a, {Role::kExporter, Role::kOfficer}, "read applications");
  Application app;
  store_.Read([&](Transaction& tx) { app = LoadOwned(tx, a, id, false); });
  return ViewFor(a, std::move(app));
}

std::vector<Application> Service::ListApplications(const Actor& a, std::optional<AppStatus> status) {
  RequireRole(a, {Role::kExporter, Role::kOfficer}, "list applications");
  ApplicationFilter f;
  f.status = status;
  if (a.user.role == Role::kExporter) f.exporter_org = a.org.id;
  else if (!a.org.national) f.authority_org = a.org.id;
  std::vector<Application> out;
  store_.Read([&](Transaction& tx) { out = tx.ListApplications(f); });
  // Officers never see drafts: an application reaches the authority on submission.
  if (a.user.role == Role::kOfficer)
    std::erase_if(out, [](const Application& x) { return x.status == AppStatus::kDraft; });
  for (auto& app : out) app = ViewFor(a, std::move(app));
  return out;
}

}  // namespace pc::licensing
