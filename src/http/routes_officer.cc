// Routes for the licensing authority and the importing country's authority:
// information requests, pre-export notifications, decisions, flags, audit.
#include <httplib.h>

#include "http/pagination.h"
#include "http/server.h"
#include "licensing/audit.h"
#include "licensing/serialize.h"

namespace pc::http {

using namespace pc::licensing;

namespace {

std::optional<std::int64_t> Version(Api::Context& c, ObjectReader& r) {
  auto header = c.IfMatch();
  auto field = r.OptInt("version");
  if (header && field && *header != *field) throw Invalid("version", "If-Match and version disagree");
  return header ? header : field;
}

}  // namespace

void Api::RegisterOfficer(httplib::Server& s) {
  auto view = [this](const Context& c, const Application& a) { return ApplicationView(c, a); };
  Route(s, "POST", "/api/v1/applications/{id}/information-requests", {.creating = true}, [this, view](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto version = Version(c, r);
    auto question = r.String("question", 20000);
    r.Done();
    auto app = service_.RequestInformation(c.actor, c.IdParam(1), question, version, c.now);
    c.res.set_header("Location", "/api/v1/applications/" + c.Param(1));
    SendJson(c.res, 201, view(c, app));
  });
  Route(s, "GET", "/api/v1/applications/{id}/approval", {}, [this](Context& c) {
    std::optional<int> validity;
    if (c.req.has_param("validity_days")) {
      try {
        validity = std::stoi(c.req.get_param_value("validity_days"));
      } catch (const std::exception&) {
        throw Invalid("validity_days", "must be a number of days");
      }
      if (*validity < 1 || *validity > 3660) throw Invalid("validity_days", "must be between 1 and 3660");
    }
    Json conditions = Json::array();
    bool ready = true;
    for (const auto& cond : service_.ApprovalCheck(c.actor, c.IdParam(1), validity, c.now)) {
      conditions.push_back(ToJson(cond));
      if (!cond.met && !cond.overridable) ready = false;
    }
    SendJson(c.res, 200, {{"conditions", conditions}, {"approvable", ready}});
  });
  Route(s, "GET", "/api/v1/applications/{id}/history", {}, [this](Context& c) {
    auto page = ReadPage(c.req);
    Json out = Json::array();
    for (const auto& a : service_.ApplicationHistory(c.actor, c.IdParam(1))) out.push_back(ToJson(a));
    Json body = Json::object();
    AddPage(c.req, c.res, body, "records", out, page);
    SendJson(c.res, 200, body);
  });
  Route(s, "POST", "/api/v1/applications/{id}/notifications", {.creating = true}, [this](Context& c) {
    std::optional<int> reply_days;
    if (!c.req.body.empty()) {
      auto body = c.Body();
      ObjectReader r(body, "");
      if (auto d = r.OptInt("reply_days")) {
        if (*d < 1 || *d > 90) throw Invalid("reply_days", "must be between 1 and 90");
        reply_days = int(*d);
      }
      r.Done();
    }
    auto notification = service_.SendNotification(c.actor, c.IdParam(1), reply_days, c.now);
    c.res.set_header("Location", "/api/v1/notifications/" + std::to_string(notification.id));
    SendJson(c.res, 201, ToJson(notification));
  });
  Route(s, "POST", "/api/v1/applications/{id}/decision", {.creating = true}, [this, view](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto version = Version(c, r);
    Decision d;
    std::string decision = r.String("decision", 10);
    if (decision != "approve" && decision != "refuse") throw Invalid("decision", "must be approve or refuse");
    d.approve = decision == "approve";
    d.reasons = r.OptString("reasons", 20000).value_or("");
    if (auto v = r.OptInt("validity_days")) {
      if (*v < 1 || *v > 3660) throw Invalid("validity_days", "must be between 1 and 3660");
      d.validity_days = int(*v);
    }
    if (auto o = r.OptObject("overrides")) {
      for (const auto& [code, text] : body["overrides"].items()) d.overrides[code] = o->String(code, 20000);
      o->Done();
    }
    if (const Json* q = r.OptArray("quantities", 100))
      for (size_t i = 0; i < q->size(); ++i) {
        if ((*q)[i].is_null()) d.quantities.push_back(std::nullopt);
        else if ((*q)[i].is_number()) d.quantities.push_back((*q)[i].get<double>());
        else throw Invalid(r.Path("quantities", i), "must be a number or null");
      }
    r.Done();
    auto app = service_.Decide(c.actor, c.IdParam(1), d, version, c.now);
    Json out = view(c, app);
    if (!app.licence_number.empty()) {
      auto licence = service_.GetLicence(c.actor, app.licence_number);
      out["licence"] = ToJson(licence);
      out["licence"]["state"] = StateOf(licence, DayOf(c.now));
    }
    SendJson(c.res, 200, out);
  });
  Route(s, "GET", "/api/v1/notifications", {}, [this](Context& c) {
    auto page = ReadPage(c.req);
    Json out = Json::array();
    for (const auto& n : service_.ListNotifications(c.actor)) out.push_back(ToJson(n));
    Json body = Json::object();
    AddPage(c.req, c.res, body, "notifications", out, page);
    SendJson(c.res, 200, body);
  });
  Route(s, "GET", "/api/v1/notifications/{id}", {}, [this](Context& c) {
    SendJson(c.res, 200, ToJson(service_.GetNotification(c.actor, c.IdParam(1))));
  });
  Route(s, "POST", "/api/v1/notifications/{id}/reply", {.creating = true}, [this](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    std::string reply = r.String("reply", 20);
    if (reply != "no_objection" && reply != "objection") throw Invalid("reply", "must be no_objection or objection");
    auto reasons = r.OptString("reasons", 20000).value_or("");
    r.Done();
    SendJson(c.res, 200, ToJson(service_.ReplyNotification(c.actor, c.IdParam(1), reply == "objection", reasons, c.now)));
  });
  Route(s, "POST", "/api/v1/notifications/{id}/questions", {.creating = true}, [this](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto question = r.String("question", 20000);
    r.Done();
    auto notification = service_.AskAboutNotification(c.actor, c.IdParam(1), question, c.now);
    c.res.set_header("Location", "/api/v1/notifications/" + c.Param(1));
    SendJson(c.res, 201, ToJson(notification));
  });
  Route(s, "POST", "/api/v1/notifications/{id}/questions/{question}/answer", {.creating = true}, [this](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto answer = r.String("answer", 20000);
    r.Done();
    int question = 0;
    try {
      question = std::stoi(c.Param(2));
    } catch (const std::exception&) {
      throw NotFound("question");
    }
    SendJson(c.res, 200, ToJson(service_.AnswerNotificationQuestion(c.actor, c.IdParam(1), question, answer, c.now)));
  });
  Route(s, "POST", "/api/v1/notifications/{id}/extend", {.creating = true}, [this](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto days = r.OptInt("days");
    if (!days) throw Invalid("days", "is required");
    if (*days < 1 || *days > 30) throw Invalid("days", "an extension is 1 to 30 days");
    r.Done();
    SendJson(c.res, 200, ToJson(service_.ExtendNotification(c.actor, c.IdParam(1), int(*days), c.now)));
  });
  Route(s, "GET", "/api/v1/flags", {}, [this](Context& c) {
    auto page = ReadPage(c.req);
    Json out = Json::array();
    for (const auto& f : service_.ListFlags(c.actor)) out.push_back(ToJson(f));
    Json body = Json::object();
    AddPage(c.req, c.res, body, "flags", out, page);
    SendJson(c.res, 200, body);
  });
  Route(s, "GET", "/api/v1/audit", {}, [this](Context& c) {
    // The log grows while it is read, so it pages by sequence number
    // (?after=SEQ), not by offset: "next" continues after the last record.
    if (c.req.has_param("offset")) throw Invalid("offset", "the audit log pages by after=SEQ (follow its next link)");
    auto page = ReadPage(c.req);
    std::int64_t after = 0;
    if (c.req.has_param("after")) {
      const std::string v = c.req.get_param_value("after");
      std::size_t used = 0;
      try {
        after = std::stoll(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != v.size() || after < 0) throw Invalid("after", "must be a record's sequence number");
    }
    Json out = Json::array();
    std::int64_t last = after;
    for (const auto& a : service_.ListAudit(c.actor, after, page.limit)) {
      out.push_back(ToJson(a));
      last = a.seq;
    }
    Json next;
    if (out.size() == page.limit) {
      next = NextLink(c.req, "after", std::to_string(last));
      c.res.set_header("Link", "<" + next.get<std::string>() + ">; rel=\"next\"");
    }
    SendJson(c.res, 200, {{"records", out}, {"limit", page.limit}, {"after", after}, {"next", next}});
  });
  Route(s, "GET", "/api/v1/audit/verify", {}, [this](Context& c) {
    service_.ListAudit(c.actor, 0, 1);  // the same access as reading the log
    auto check = VerifyAudit(store_);
    SendJson(c.res, 200, {{"ok", check.ok}, {"records", check.records},
                          {"first_bad_seq", check.ok ? Json() : Json(check.first_bad_seq)},
                          {"reason", check.reason}});
  });
}

}  // namespace pc::http
