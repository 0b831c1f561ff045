// The licensing authority's side: information requests, pre-export
// notifications and their replies, the decision clock and the decision.
#include <algorithm>
#include <cstdio>

#include "licensing/access.h"
#include "licensing/audit.h"
#include "licensing/risk.h"
#include "licensing/serialize.h"
#include "licensing/service.h"

namespace pc::licensing {
namespace {

Application LoadSubmitted(Transaction& tx, Id id) {
  auto app = tx.GetApplication(id);
  if (!app || app->status == AppStatus::kDraft) throw NotFound("application " + std::to_string(id));
  return *app;
}

void ClosePause(Application& app, Timestamp at) {
  for (auto& p : app.pauses)
    if (!p.to) p.to = at;
}

std::string Obj(Id id) { return "application:" + std::to_string(id); }

}  // namespace

DecisionClock ClockFor(const Application& a, int limit_days, Timestamp now) {
  DecisionClock c;
  c.limit_days = limit_days;
  if (!a.submitted) return c;
  c.started = true;
  Timestamp end = a.decided ? *a.decided : now;
  c.running = !a.decided;
  Timestamp paused = 0;
  for (const auto& p : a.pauses) {
    Timestamp to = p.to ? std::min(*p.to, end) : end;
    if (to > p.from) paused += to - p.from;
    if (!p.to && !a.decided) c.running = false;  // verification outstanding
  }
  c.paused_days = int(paused / kSecondsPerDay);
  c.elapsed_days = int((end - *a.submitted - paused) / kSecondsPerDay);
  c.remaining_days = limit_days - c.elapsed_days;
  // Due date: the limit counted from receipt, moved on by the whole days paused.
  c.due = DayOf(*a.submitted + Timestamp(limit_days) * kSecondsPerDay + paused);
  return c;
}

Json ToJson(const DecisionClock& c) {
  return {{"limit_days", c.limit_days}, {"started", c.started}, {"running", c.running},
          {"elapsed_days", c.elapsed_days}, {"paused_days", c.paused_days},
          {"remaining_days", c.remaining_days}, {"due", c.due ? Json(c.due->ToString()) : Json()},
          {"basis", "China Regulations on the Administration of Precursor Chemicals art. 27 (decision within 20 "
                    "days); time spent on international verification is not counted"}};
}

Application Service::RequestInformation(const Actor& a, Id id, const std::string& question,
                                        std::optional<std::int64_t> version, Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "request information");
  if (question.find_first_not_of(" \t\r\n") == std::string::npos) throw Invalid("question", "is required");
  Application app;
  store_.Write([&](Transaction& tx) {
    app = LoadSubmitted(tx, id);
    CheckVersion(version, app.version);
    if (app.status != AppStatus::kSubmitted)
      throw Conflict("status", "information can be requested while the application is under review (status: " +
                                   ToString(app.status) + ")");
    app.info_requests.push_back({question, "", now, std::nullopt});
    app.status = AppStatus::kInfoRequested;
    app.version++;
    app.updated = now;
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "application.request_information", Obj(id),
                {{"question", question}, {"version", app.version}});
  });
  return app;
}

Notification Service::SendNotification(const Actor& a, Id id, std::optional<int> reply_days, Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "send pre-export notifications");
  int days = reply_days.value_or(config_.default_reply_days);
  if (days < 1 || days > 90) throw Invalid("reply_days", "must be between 1 and 90");
  Notification n;
  store_.Write([&](Transaction& tx) {
    auto app = LoadSubmitted(tx, id);
    if (app.status != AppStatus::kSubmitted)
      throw Conflict("status", "a notification can be sent while the application is under review (status: " +
                                   ToString(app.status) + ")");
    std::string exporter;
    if (auto o = tx.GetOrganisation(app.exporter_org)) exporter = o->name;
    Json items = Json::array();
    for (size_t i = 0; i < app.items.size(); ++i)
      items.push_back({{"item", i}, {"substance", app.items[i].substance}, {"quantity", app.items[i].quantity},
                       {"unit", app.items[i].unit}, {"hs_code", app.items[i].hs_code},
                       {"verdict", app.risk.contains("items") ? app.risk["items"][i]["verdict_at_shipment"] : Json()}});
    n.application_id = id;
    n.country = app.destination;
    n.sent = now;
    n.deadline = now + Timestamp(days) * kSecondsPerDay;
    // What PEN Online carries: exporter, importer, substances and
    // quantities, planned date, and the exporting country.
    n.summary = {{"exporting_country", config_.exporting_country}, {"exporter", exporter},
                 {"importer", ToJson(app.importer)}, {"destination", app.destination},
                 {"end_use", app.end_use}, {"planned_shipment_date", app.planned_shipment.ToString()},
                 {"items", items}};
    n.id = tx.InsertNotification(n);
    // International verification: the decision clock stops (art. 27).
    app.pauses.push_back({now, std::nullopt, "pre-export notification " + std::to_string(n.id) + " outstanding"});
    app.status = AppStatus::kVerification;
    app.version++;
    app.updated = now;
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "notification.send", "notification:" + std::to_string(n.id),
                {{"application", id}, {"country", n.country}, {"reply_deadline", FormatTime(n.deadline)}});
  });
  return n;
}

std::vector<Notification> Service::ListNotifications(const Actor& a) {
  RequireRole(a, {Role::kOfficer, Role::kAuthority}, "read pre-export notifications");
  NotificationFilter f;
  if (a.user.role == Role::kAuthority) f.country = a.org.country;
  std::vector<Notification> out;
  store_.Read([&](Transaction& tx) { out = tx.ListNotifications(f); });
  return out;
}

Notification Service::GetNotification(const Actor& a, Id id) {
  RequireRole(a, {Role::kOfficer, Role::kAuthority}, "read pre-export notifications");
  std::optional<Notification> n;
  store_.Read([&](Transaction& tx) { n = tx.GetNotification(id); });
  if (!n || (a.user.role == Role::kAuthority && n->country != a.org.country))
    throw NotFound("notification " + std::to_string(id));
  return *n;
}

Notification Service::ReplyNotification(const Actor& a, Id id, bool objection, const std::string& reasons,
                                        Timestamp now) {
  RequireRole(a, {Role::kAuthority}, "reply to pre-export notifications");
  if (objection && reasons.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Invalid("reasons", "an objection needs reasons");
  Notification n;
  store_.Write([&](Transaction& tx) {
    auto found = tx.GetNotification(id);
    if (!found || found->country != a.org.country) throw NotFound("notification " + std::to_string(id));
    n = *found;
    if (n.status != NotificationStatus::kPending)
      throw Conflict("status", "the notification was already answered (" + ToString(n.status) + ")");
    if (now > n.deadline) throw Conflict("reply_deadline", "the reply deadline has passed");
    n.status = objection ? NotificationStatus::kObjection : NotificationStatus::kNoObjection;
    n.reasons = reasons;
    n.replied = now;
    tx.UpdateNotification(n);
    auto app = tx.GetApplication(n.application_id);
    if (app) {
      ClosePause(*app, now);
      if (app->status == AppStatus::kVerification) app->status = AppStatus::kSubmitted;
      app->version++;
      app->updated = now;
      tx.UpdateApplication(*app);
    }
    AppendAudit(tx, now, ActorName(a), "notification.reply", "notification:" + std::to_string(id),
                {{"reply", ToString(n.status)}, {"reasons", reasons}, {"application", n.application_id}});
  });
  return n;
}

int Service::ProcessDeadlines(Timestamp now) {
  int count = 0;
  store_.Write([&](Transaction& tx) {
    NotificationFilter f;
    f.status = NotificationStatus::kPending;
    f.deadline_before = now;
    for (auto n : tx.ListNotifications(f)) {
      // Silence until the deadline is itself an outcome, recorded as of the deadline.
      n.status = NotificationStatus::kNoReply;
      n.replied = n.deadline;
      tx.UpdateNotification(n);
      if (auto app = tx.GetApplication(n.application_id)) {
        ClosePause(*app, n.deadline);
        if (app->status == AppStatus::kVerification) app->status = AppStatus::kSubmitted;
        app->version++;
        app->updated = now;
        tx.UpdateApplication(*app);
      }
      AppendAudit(tx, now, "system", "notification.no_reply", "notification:" + std::to_string(n.id),
                  {{"reply_deadline", FormatTime(n.deadline)}, {"application", n.application_id}});
      ++count;
    }
  });
  return count;
}

Application Service::Decide(const Actor& a, Id id, const Decision& d, std::optional<std::int64_t> version,
                            Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "decide applications");
  if (!d.approve && d.reasons.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Invalid("reasons", "a refusal needs written reasons (China Regulations art. 27)");
  int validity = d.validity_days.value_or(config_.default_validity_days);
  if (validity < 1 || validity > 3660) throw Invalid("validity_days", "must be between 1 and 3660");
  Application app;
  store_.Write([&](Transaction& tx) {
    app = LoadSubmitted(tx, id);
    CheckVersion(version, app.version);
    if (app.status == AppStatus::kVerification)
      throw Conflict("status", "a pre-export notification is outstanding; wait for the reply or the deadline");
    if (app.status != AppStatus::kSubmitted)
      throw Conflict("status", "the application is not awaiting a decision (status: " + ToString(app.status) + ")");
    NotificationFilter nf;
    nf.application_id = id;
    auto notes = tx.ListNotifications(nf);
    if (d.approve && std::any_of(notes.begin(), notes.end(),
                                 [](const Notification& n) { return n.status == NotificationStatus::kObjection; }))
      throw Conflict("decision", "the importing country objected to this export; it cannot be approved");
    if (!d.quantities.empty() && d.quantities.size() != app.items.size())
      throw Invalid("quantities", "one quantity (or null) per line item");
    app.decided = now;
    app.decision_reasons = d.reasons;
    app.version++;
    app.updated = now;
    Json details = {{"decision", d.approve ? "approve" : "refuse"}, {"reasons", d.reasons}};
    if (d.approve) {
      Licence l;
      char number[64];
      std::snprintf(number, sizeof number, "%s-PC-%04d-%06lld", config_.exporting_country.c_str(),
                    DayOf(now).year(), static_cast<long long>(id));
      l.number = number;
      l.application_id = id;
      l.exporter_org = app.exporter_org;
      l.importer = app.importer;
      l.destination = app.destination;
      l.valid_from = DayOf(now);
      l.valid_until = DayOf(now).AddDays(validity);
      l.issued = now;
      l.screening = Json::array();
      for (size_t i = 0; i < app.items.size(); ++i) {
        double q = app.items[i].quantity;
        if (!d.quantities.empty() && d.quantities[i]) {
          if (!(*d.quantities[i] > 0) || *d.quantities[i] > q)
            throw Invalid("quantities[" + std::to_string(i) + "]",
                          "must be positive and at most the quantity applied for");
          q = *d.quantities[i];
        }
        l.items.push_back({int(i), app.items[i].substance, app.items[i].unit, q, 0});
        std::string verdict = app.screening.is_array() && i < app.screening.size()
                                  ? app.screening[i].value("current_verdict", "")
                                  : "";
        l.screening.push_back({{"item", i}, {"current_verdict", verdict},
                               {"jurisdictions", app.screening.is_array() && i < app.screening.size()
                                                     ? app.screening[i]["jurisdictions"]
                                                     : Json::array()}});
      }
      tx.InsertLicence(l);
      app.status = AppStatus::kApproved;
      app.licence_number = l.number;
      details["licence"] = ToJson(l);
    } else {
      app.status = AppStatus::kRefused;
    }
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), d.approve ? "application.approve" : "application.refuse", Obj(id), details);
  });
  return app;
}

Licence Service::RevokeLicence(const Actor& a, const std::string& number, const std::string& reasons,
                               Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "revoke licences");
  if (reasons.find_first_not_of(" \t\r\n") == std::string::npos) throw Invalid("reasons", "is required");
  Licence l;
  store_.Write([&](Transaction& tx) {
    auto found = tx.GetLicence(number);
    if (!found) throw NotFound("licence " + number);
    l = *found;
    if (l.status == LicenceStatus::kRevoked) throw Conflict("status", "the licence is already revoked");
    l.status = LicenceStatus::kRevoked;
    l.revocation_reasons = reasons;
    l.version++;
    tx.UpdateLicence(l);
    AppendAudit(tx, now, ActorName(a), "licence.revoke", "licence:" + number, {{"reasons", reasons}});
  });
  return l;
}

}  // namespace pc::licensing
