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

void ClosePause(Application& app, Timestamp at) {
  for (auto& p : app.pauses)
    if (!p.to) p.to = at;
}

std::string Obj(Id id) { return "application:" + std::to_string(id); }

void RequireText(const std::string& value, const std::string& field, const std::string& what) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) throw Invalid(field, what);
}

// What an officer decides on for one item: today's verdict, the verdict at
// shipment, and where it was screened.
struct DecisionVerdicts {
  std::string today, at_shipment;
  std::vector<std::string> jurisdictions;
  bool operator==(const DecisionVerdicts&) const = default;
};

std::vector<DecisionVerdicts> VerdictsOf(const std::vector<ScreeningRecord>& screening) {
  std::vector<DecisionVerdicts> out;
  for (const auto& s : screening) out.push_back({s.current_verdict, s.as_of_shipment.verdict(), s.jurisdictions});
  return out;
}

// Compares the verdicts of two screens item by item, in words for the officer.
std::string ScreenChange(const std::vector<ScreeningRecord>& before, const std::vector<ScreeningRecord>& after) {
  auto b = VerdictsOf(before), a = VerdictsOf(after);
  if (b == a) return "";
  std::string out;
  for (size_t i = 0; i < a.size(); ++i) {
    std::string was = i < b.size() ? b[i].today : "not screened";
    std::string now = a[i].today;
    if (i < b.size() && b[i] == a[i]) continue;
    out += (out.empty() ? "" : "; ") + ("item " + std::to_string(i + 1) + " is now " + now + " (was " + was + ")");
  }
  return out.empty() ? "the jurisdictions screened changed" : out;
}

}  // namespace

DecisionClock ClockFor(const Application& a, int limit_days, Timestamp now) {
  DecisionClock c;
  c.limit_days = limit_days;
  if (!a.submitted) return c;
  c.started = true;
  Timestamp end = a.decided ? *a.decided : now;
  c.running = !a.decided;
  c.decided = a.decided.has_value();
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
  return {{"limit_days", c.limit_days}, {"started", c.started}, {"running", c.running}, {"decided", c.decided},
          {"elapsed_days", c.elapsed_days}, {"paused_days", c.paused_days},
          {"remaining_days", c.remaining_days}, {"due", c.due ? Json(c.due->ToString()) : Json()},
          {"basis", "China Regulations on the Administration of Precursor Chemicals art. 27 (decision within 20 "
                    "days); time spent on international verification is not counted"}};
}

Application Service::RequestInformation(const Actor& a, Id id, const std::string& question,
                                        std::optional<std::int64_t> version, Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "request information");
  RequireText(question, "question", "is required");
  Application app;
  store_.Write([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, true);
    CheckVersion(version, app.version);
    if (app.status != AppStatus::kSubmitted)
      throw Conflict("status", "information can be requested while the application is under review (status: " +
                                   ToString(app.status) + ")");
    app.info_requests.push_back({question, "", now, std::nullopt, CurrentRevision(app)});
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
    auto app = LoadOwned(tx, a, id, true);
    if (app.status != AppStatus::kSubmitted)
      throw Conflict("status", "a notification can be sent while the application is under review (status: " +
                                   ToString(app.status) + ")");
    auto exporter = tx.GetOrganisation(app.exporter_org).value_or(Organisation{});
    auto jurisdictions = JurisdictionsFor(app.destination, app.route.transit_countries);
    std::vector<NotifiedItem> items;
    for (size_t i = 0; i < app.items.size(); ++i) {
      const auto& item = app.items[i];
      // The substance by its listed name and CAS RN where the screen matched
      // a listing (from the verdict cache), else as the exporter wrote it.
      auto [name, cas] = ListedIdentity(item, jurisdictions, app.planned_shipment);
      auto r = ScreenItem(item, jurisdictions, app.planned_shipment);
      items.push_back({int(i), item.substance, name, cas, item.hs_code, item.unit, item.quantity,
                       item.concentration, VerdictWord(r)});
    }
    n.application_id = id;
    n.authority_org = app.authority_org;
    n.revision = CurrentRevision(app);
    n.country = app.destination;
    n.sent = now;
    n.deadline = now + Timestamp(days) * kSecondsPerDay;
    // What PEN Online carries (entities.h, NotificationSummary).
    Party consignee = app.consignee.name.empty() ? app.importer : app.consignee;
    n.summary = {config_.exporting_country,
                 Party{exporter.name, exporter.country, exporter.address, exporter.registration_number},
                 app.importer,
                 consignee,
                 app.destination,
                 app.route,
                 app.end_use,
                 app.planned_shipment,
                 app.import_authorisation,
                 std::move(items)};
    n.id = tx.InsertNotification(n);
    // International verification: the decision clock stops (art. 27).
    app.pauses.push_back({now, std::nullopt, "pre-export notification " + std::to_string(n.id) + " outstanding"});
    app.status = AppStatus::kVerification;
    app.version++;
    app.updated = now;
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), "notification.send", "notification:" + std::to_string(n.id),
                {{"application", id}, {"revision", n.revision}, {"country", n.country},
                 {"reply_deadline", FormatTime(n.deadline)}});
  });
  return n;
}

std::vector<Notification> Service::ListNotifications(const Actor& a) {
  RequireRole(a, {Role::kOfficer, Role::kAuthority}, "read pre-export notifications");
  NotificationFilter f;
  if (a.user.role == Role::kAuthority) f.country = a.org.country;
  std::vector<Notification> out;
  store_.Read([&](Transaction& tx) { out = tx.ListNotifications(f); });
  if (a.user.role == Role::kOfficer)
    std::erase_if(out, [&](const Notification& n) { return !MayReadAuthority(a, n.authority_org); });
  return out;
}

// An importing authority reaches the notifications addressed to its country;
// an officer those its authority sent (or all, read-only, at national level).
Notification Service::LoadNotification(Transaction& tx, const Actor& a, Id id, bool write) {
  auto n = tx.GetNotification(id);
  if (!n) throw NotFound("notification " + std::to_string(id));
  if (a.user.role == Role::kAuthority) {
    if (n->country != a.org.country) throw NotFound("notification " + std::to_string(id));
  } else if (!MayReadAuthority(a, n->authority_org)) {
    throw NotFound("notification " + std::to_string(id));
  } else if (write && n->authority_org != a.org.id) {
    throw Forbidden("notification " + std::to_string(id) + " was sent by another licensing authority");
  }
  return *n;
}

Notification Service::GetNotification(const Actor& a, Id id) {
  RequireRole(a, {Role::kOfficer, Role::kAuthority}, "read pre-export notifications");
  Notification n;
  store_.Read([&](Transaction& tx) { n = LoadNotification(tx, a, id, false); });
  return n;
}

Notification Service::AskAboutNotification(const Actor& a, Id id, const std::string& question, Timestamp now) {
  RequireRole(a, {Role::kAuthority}, "ask about pre-export notifications");
  RequireText(question, "question", "is required");
  Notification n;
  store_.Write([&](Transaction& tx) {
    n = LoadNotification(tx, a, id, true);
    if (n.status != NotificationStatus::kPending)
      throw Conflict("status", "the notification is no longer awaiting a reply (" + ToString(n.status) + ")");
    if (n.questions.size() >= 20) throw Conflict("questions", "at most 20 questions per notification");
    n.questions.push_back({question, "", now, std::nullopt});
    tx.UpdateNotification(n);
    AppendAudit(tx, now, ActorName(a), "notification.question", "notification:" + std::to_string(id),
                {{"question", question}, {"application", n.application_id}});
  });
  return n;
}

Notification Service::AnswerNotificationQuestion(const Actor& a, Id id, int question, const std::string& answer,
                                                 Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "answer the importing authority's questions");
  RequireText(answer, "answer", "is required");
  Notification n;
  store_.Write([&](Transaction& tx) {
    n = LoadNotification(tx, a, id, true);
    if (question < 1 || question > int(n.questions.size())) throw NotFound("question " + std::to_string(question));
    auto& q = n.questions[size_t(question - 1)];
    if (q.answered) throw Conflict("question", "the question was already answered");
    q.answer = answer;
    q.answered = now;
    tx.UpdateNotification(n);
    AppendAudit(tx, now, ActorName(a), "notification.answer", "notification:" + std::to_string(id),
                {{"question", question}, {"answer", answer}, {"application", n.application_id}});
  });
  return n;
}

Notification Service::ExtendNotification(const Actor& a, Id id, int days, Timestamp now) {
  RequireRole(a, {Role::kAuthority}, "extend the reply period of pre-export notifications");
  if (days < 1 || days > 30) throw Invalid("days", "an extension is 1 to 30 days");
  Notification n;
  store_.Write([&](Transaction& tx) {
    n = LoadNotification(tx, a, id, true);
    if (n.status != NotificationStatus::kPending || now > n.deadline)
      throw Conflict("status", "only a reply period that has not ended can be extended");
    Timestamp deadline = n.deadline + Timestamp(days) * kSecondsPerDay;
    if (deadline - n.sent > 90 * kSecondsPerDay)
      throw Conflict("days", "the reply period would exceed 90 days from sending");
    n.deadline = deadline;
    n.extended_days += days;
    tx.UpdateNotification(n);
    AppendAudit(tx, now, ActorName(a), "notification.extend", "notification:" + std::to_string(id),
                {{"days", days}, {"reply_deadline", FormatTime(n.deadline)}, {"application", n.application_id}});
  });
  return n;
}

Notification Service::ReplyNotification(const Actor& a, Id id, bool objection, const std::string& reasons,
                                        Timestamp now) {
  RequireRole(a, {Role::kAuthority}, "reply to pre-export notifications");
  if (objection) RequireText(reasons, "reasons", "an objection needs reasons");
  Notification n;
  store_.Write([&](Transaction& tx) {
    n = LoadNotification(tx, a, id, true);
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

std::vector<Condition> Service::ApprovalCheck(const Actor& a, Id id, std::optional<int> validity_days,
                                              Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "check approval conditions");
  Application app;
  std::vector<Notification> notes;
  std::vector<PriorOutcome> prior;
  store_.Read([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, false);
    NotificationFilter nf;
    nf.application_id = id;
    notes = tx.ListNotifications(nf);
    prior = PriorOutcomes(tx, app);
  });
  Date today = DayOf(now);
  Assess(app, prior, today);  // the conditions as a decision now would see them
  return ApprovalConditions(app, notes, today.AddDays(validity_days.value_or(config_.default_validity_days)), today);
}

std::vector<AuditRecord> Service::ApplicationHistory(const Actor& a, Id id) {
  RequireRole(a, {Role::kOfficer}, "read an application's history");
  std::vector<AuditRecord> out;
  store_.Read([&](Transaction& tx) {
    LoadOwned(tx, a, id, false);
    std::vector<std::string> objects = {Obj(id)};
    NotificationFilter nf;
    nf.application_id = id;
    for (const auto& n : tx.ListNotifications(nf)) objects.push_back("notification:" + std::to_string(n.id));
    out = tx.ListAuditFor(objects);
  });
  return out;
}

Application Service::Decide(const Actor& a, Id id, const Decision& d, std::optional<std::int64_t> version,
                            Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "decide applications");
  if (!d.approve) RequireText(d.reasons, "reasons", "a refusal needs written reasons (China Regulations art. 27)");
  int validity = d.validity_days.value_or(config_.default_validity_days);
  if (validity < 1 || validity > 3660) throw Invalid("validity_days", "must be between 1 and 3660");
  Date today = DayOf(now);

  // The decision is made on a screen of the application as it is now:
  // screened again (through the verdict cache) outside the single writer.
  Application fresh;
  std::vector<PriorOutcome> prior;
  store_.Read([&](Transaction& tx) {
    fresh = LoadOwned(tx, a, id, true);
    CheckVersion(version, fresh.version);
    prior = PriorOutcomes(tx, fresh);
  });
  const std::int64_t read_version = fresh.version;
  const std::vector<ScreeningRecord> stored_screening = fresh.screening;
  Assess(fresh, prior, today);
  std::string screen_change = ScreenChange(stored_screening, fresh.screening);

  Application app;
  store_.Write([&](Transaction& tx) {
    app = LoadOwned(tx, a, id, true);
    CheckVersion(read_version, app.version);
    if (app.status == AppStatus::kVerification)
      throw Conflict("status", "a pre-export notification is outstanding; wait for the reply or the deadline");
    if (app.status != AppStatus::kSubmitted)
      throw Conflict("status", "the application is not awaiting a decision (status: " + ToString(app.status) + ")");
    if (d.approve && !screen_change.empty()) {
      // What the officer saw is not what would be licensed: store the new
      // screen and let the officer look again (the throw follows the commit).
      app.screening = fresh.screening;
      app.risk = fresh.risk;
      app.version++;
      app.updated = now;
      tx.UpdateApplication(app);
      AppendAudit(tx, now, ActorName(a), "application.rescreen", Obj(id),
                  {{"reason", "screened again at decision"}, {"changes", screen_change}});
      return;
    }
    app.screening = fresh.screening;
    app.risk = fresh.risk;
    if (!d.quantities.empty() && d.quantities.size() != app.items.size())
      throw Invalid("quantities", "one quantity (or null) per line item");
    NotificationFilter nf;
    nf.application_id = id;
    auto notes = tx.ListNotifications(nf);
    Date valid_until = today.AddDays(validity);
    Json details = {{"decision", d.approve ? "approve" : "refuse"}, {"reasons", d.reasons},
                    {"revision", CurrentRevision(app)}};
    if (d.approve) {
      // Every condition met, or weighed in writing where the law allows.
      std::vector<Problem> problems;
      std::vector<Override> overrides;
      auto conditions = ApprovalConditions(app, notes, valid_until, today);
      for (const auto& given : d.overrides) {
        const std::string& code = given.first;
        auto c = std::find_if(conditions.begin(), conditions.end(), [&](const Condition& x) { return x.code == code; });
        if (c == conditions.end() || !c->overridable)
          throw Invalid("overrides." + code, "'" + code + "' is not a condition an officer may weigh");
      }
      for (const auto& c : conditions) {
        if (c.met) continue;
        auto given = d.overrides.find(c.code);
        bool reasoned = given != d.overrides.end() && given->second.find_first_not_of(" \t\r\n") != std::string::npos;
        if (c.overridable && reasoned) overrides.push_back({c.code, given->second});
        else if (c.overridable) problems.push_back({"overrides." + c.code, c.reason + " (give written reasons to proceed)"});
        else problems.push_back({"conditions." + c.code, c.reason});
      }
      if (!problems.empty()) {
        std::string summary = "the application cannot be approved: ";
        for (size_t i = 0; i < problems.size(); ++i) summary += (i ? "; " : "") + problems[i].reason;
        throw Conflict(problems.front().field, summary).WithProblems(std::move(problems));
      }
      app.overrides = overrides;
      Json given = Json::array();
      for (const auto& o : overrides) given.push_back({{"condition", o.condition}, {"reasons", o.reasons}});
      details["overrides"] = given;

      Licence l;
      char number[64];
      std::snprintf(number, sizeof number, "%s-PC-%04d-%06lld", config_.exporting_country.c_str(), today.year(),
                    static_cast<long long>(id));
      l.number = number;
      l.application_id = id;
      l.exporter_org = app.exporter_org;
      if (auto exporter = tx.GetOrganisation(app.exporter_org)) l.exporter_name = exporter->name;
      l.authority_org = app.authority_org;
      l.exporting_country = config_.exporting_country;
      l.revision = CurrentRevision(app);
      l.importer = app.importer;
      l.destination = app.destination;
      l.valid_from = today;
      l.valid_until = valid_until;
      l.issued = now;
      // The licence carries the screen it was decided on.
      l.screening = app.screening;
      for (size_t i = 0; i < app.items.size(); ++i) {
        double q = app.items[i].quantity;
        if (!d.quantities.empty() && d.quantities[i]) {
          if (!(*d.quantities[i] > 0) || *d.quantities[i] > q)
            throw Invalid("quantities[" + std::to_string(i) + "]",
                          "must be positive and at most the quantity applied for");
          q = *d.quantities[i];
        }
        auto [name, cas] = ListedIdentity(app.items[i], JurisdictionsFor(app.destination, app.route.transit_countries),
                                          app.planned_shipment);
        l.items.push_back({int(i), app.items[i].substance, app.items[i].unit, q, 0, app.items[i].hs_code, name, cas});
      }
      tx.InsertLicence(l);
      app.status = AppStatus::kApproved;
      app.licence_number = l.number;
      details["licence"] = {{"number", l.number}, {"valid_from", l.valid_from.ToString()},
                            {"valid_until", l.valid_until.ToString()}, {"items", ToJson(l)["items"]}};
    } else {
      app.status = AppStatus::kRefused;
    }
    app.decided = now;
    app.decision_reasons = d.reasons;
    app.version++;
    app.updated = now;
    tx.UpdateApplication(app);
    AppendAudit(tx, now, ActorName(a), d.approve ? "application.approve" : "application.refuse", Obj(id), details);
  });
  if (d.approve && !screen_change.empty())
    throw Conflict("screening", "the screening changed since the application was read (" + screen_change +
                                    "); review it and decide again");
  return app;
}

Licence Service::RevokeLicence(const Actor& a, const std::string& number, const std::string& reasons,
                               Timestamp now) {
  RequireRole(a, {Role::kOfficer}, "revoke licences");
  RequireText(reasons, "reasons", "is required");
  Licence l;
  store_.Write([&](Transaction& tx) {
    auto found = tx.GetLicence(number);
    if (!found || !MayReadAuthority(a, found->authority_org)) throw NotFound("licence " + number);
    if (found->authority_org != a.org.id) throw Forbidden("licence " + number + " was issued by another licensing authority");
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
