#include "http/server.h"

#include <httplib.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "common/error.h"
#include "common/json_text.h"
#include "http/query_reader.h"
#include "licensing/crypto.h"
#include "licensing/serialize.h"
#include "rules/obligations.h"

namespace pc::http {

using namespace pc::licensing;

int StatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid: return 400;
    case ErrorKind::kUnauthenticated: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kTooLarge: return 413;
    case ErrorKind::kUnsupportedType: return 415;
    case ErrorKind::kTooManyRequests: return 429;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kIo: return 503;  // the server's own files or storage
    case ErrorKind::kUsage: return 400;
  }
  return 400;
}

void SendJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(JsonText(body), "application/json");
}

namespace {

// RFC 9457: a URI that names the kind of problem (tag URIs, RFC 4151: they
// identify, they are not fetched) and the status's own words as the title.
std::pair<const char*, const char*> ProblemType(int status) {
  switch (status) {
    case 400: return {"invalid-request", "Bad Request"};
    case 401: return {"unauthenticated", "Unauthorized"};
    case 403: return {"forbidden", "Forbidden"};
    case 404: return {"not-found", "Not Found"};
    case 405: return {"method-not-allowed", "Method Not Allowed"};
    case 408: return {"request-timeout", "Request Timeout"};
    case 409: return {"conflict", "Conflict"};
    case 413: return {"too-large", "Content Too Large"};
    case 414: return {"uri-too-long", "URI Too Long"};
    case 415: return {"unsupported-type", "Unsupported Media Type"};
    case 429: return {"too-many-requests", "Too Many Requests"};
    case 503: return {"unavailable", "Service Unavailable"};
    case 500: return {"internal-error", "Internal Server Error"};
  }
  return {nullptr, nullptr};
}

}  // namespace

void SendError(httplib::Response& res, int status, const std::string& field, const std::string& reason,
               const std::vector<Problem>& problems) {
  auto [slug, title] = ProblemType(status);
  Json errors = Json::array();
  for (const auto& p : problems) errors.push_back({{"field", p.field}, {"detail", p.reason}});
  if (errors.empty() && !field.empty()) errors.push_back({{"field", field}, {"detail", reason}});
  Json legacy = {{"field", field.empty() ? Json() : Json(field)}, {"reason", reason}};
  if (!problems.empty()) {
    legacy["problems"] = Json::array();
    for (const auto& p : problems) legacy["problems"].push_back({{"field", p.field}, {"reason", p.reason}});
  }
  Json body = {{"type", slug ? std::string(kProblemTypeBase) + slug : "about:blank"},
               {"title", title ? title : status >= 500 ? "Server Error" : "Client Error"},
               {"status", status},
               {"detail", reason},
               {"errors", errors},
               {"error", legacy}};
  res.status = status;
  res.set_content(JsonText(body), "application/problem+json");
}

std::string Api::Context::Param(int i) const { return req.matches[i]; }

Id Api::Context::IdParam(int i) const {
  try {
    return std::stoll(std::string(req.matches[i]));
  } catch (const std::exception&) {
    throw NotFound("object");  // digits too long for an id: no such object
  }
}

Json Api::Context::Body() const {
  if (req.body.size() > max_json_bytes)
    throw Error(ErrorKind::kTooLarge, "", "JSON body over " + std::to_string(max_json_bytes) + " bytes");
  return ParseObject(req.body);
}

std::optional<std::int64_t> Api::Context::IfMatch() const {
  if (!req.has_header("If-Match")) return std::nullopt;
  std::string v = req.get_header_value("If-Match");
  // Accept 3, "3" and W/"3".
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  try {
    size_t used = 0;
    auto n = std::stoll(v, &used);
    if (used == v.size()) return n;
  } catch (const std::exception&) {
  }
  throw Invalid("If-Match", "must be the record's version number");
}

Api::Api(Service& service, Store& store, ServerOptions options)
    : service_(service),
      store_(store),
      options_(std::move(options)),
      cpu_gate_(options_.limits.cpu_workers, options_.limits.cpu_queue),
      screen_budget_(options_.limits.screen_cpu_rate, options_.limits.screen_cpu_burst) {
  if (!options_.clock) options_.clock = NowUtc;
  std::ifstream in(options_.openapi_file);
  if (!in) throw IoError("cannot read the OpenAPI document " + options_.openapi_file);
  std::stringstream ss;
  ss << in.rdbuf();
  openapi_ = ss.str();
  if (Json::parse(openapi_).empty())  // a broken document fails at start, not at a client
    throw InvalidData("the OpenAPI document " + options_.openapi_file + " is empty");
}

void Api::Route(httplib::Server& server, const std::string& method, const std::string& openapi_path,
                RouteOptions options, Handler handler) {
  // {id} is numeric; {number} a licence number.
  std::string pattern = openapi_path;
  for (auto [from, to] : {std::pair<std::string, std::string>{"{id}", R"((\d+))"}, {"{document}", R"((\d+))"},
                          {"{question}", R"((\d+))"},
                          {"{number}", R"(([A-Za-z0-9-]+))"}})
    for (size_t p; (p = pattern.find(from)) != std::string::npos;) pattern.replace(p, from.size(), to);
  routes_.push_back({method, openapi_path, options.creating, std::regex(pattern)});
  auto h = [this, options, handler](const httplib::Request& req, httplib::Response& res) {
    Handle(req, res, options, handler);
  };
  if (method == "GET") server.Get(pattern, h);
  else if (method == "POST") server.Post(pattern, h);
  else if (method == "PATCH") server.Patch(pattern, h);
  else throw std::logic_error("method " + method);
}

void Api::Handle(const httplib::Request& req, httplib::Response& res, RouteOptions options,
                 const Handler& handler) {
  Context ctx{req, res, {}, options_.clock()};
  ctx.max_json_bytes = options_.max_json_bytes;
  std::optional<std::pair<Id, std::string>> held;
  try {
    if (options.authenticated) {
      std::string auth = req.get_header_value("Authorization");
      if (auth.rfind("Bearer ", 0) != 0)
        throw Error(ErrorKind::kUnauthenticated, "Authorization", "a Bearer token is required (POST /api/v1/login)");
      ctx.actor = service_.Authenticate(auth.substr(7), ctx.now);
    }
    std::string key = options.creating && options.authenticated ? req.get_header_value("Idempotency-Key") : "";
    std::string fingerprint;
    if (!key.empty()) {
      if (key.size() > 200) throw Invalid("Idempotency-Key", "longer than 200 characters");
      fingerprint = Sha256Hex(req.method + " " + req.path + "\n" + req.get_header_value("Content-Type") + "\n" +
                              req.body);
      std::unique_lock lock(inflight_mutex_);
      held = std::make_pair(ctx.actor.user.id, key);
      inflight_cv_.wait(lock, [&] { return !inflight_.count(*held); });
      inflight_.insert(*held);
      lock.unlock();
      // The key is reserved durably before the request runs, so that a
      // retry after a crash finds the reservation and cannot create twice.
      std::optional<Replay> replay;
      store_.Write([&](Transaction& tx) {
        replay = tx.GetReplay(ctx.actor.user.id, key);
        if (!replay) tx.PutReplay({ctx.actor.user.id, key, fingerprint, 0, "", ctx.now});
      });
      if (replay) {
        if (replay->status == 0)
          throw Error(ErrorKind::kConflict, "Idempotency-Key",
                      "a request with this key was interrupted; check whether it took effect before using a new key");
        if (replay->fingerprint != fingerprint)
          throw Error(ErrorKind::kConflict, "Idempotency-Key", "this key was used for a different request");
        res.status = replay->status;
        res.set_content(replay->body, "application/json");
        res.set_header("Idempotent-Replayed", "true");
      } else {
        try {
          handler(ctx);
        } catch (...) {
          store_.Write([&](Transaction& tx) { tx.DeleteReplay(ctx.actor.user.id, key); });
          throw;
        }
        store_.Write([&](Transaction& tx) {
          if (res.status >= 200 && res.status < 300)
            tx.PutReplay({ctx.actor.user.id, key, fingerprint, res.status, res.body, ctx.now});
          else
            tx.DeleteReplay(ctx.actor.user.id, key);
        });
      }
    } else {
      handler(ctx);
    }
  } catch (const Error& e) {
    if (!e.detail().empty())
      std::cerr << "precursor serve: " << req.method << " " << req.path << ": " << e.what() << " (" << e.detail()
                << ")\n";
    if (e.retry_after() > 0) res.set_header("Retry-After", std::to_string(e.retry_after()));
    SendError(res, StatusFor(e.kind()), e.field(), e.what(), e.problems());
  } catch (const Json::exception& e) {
    SendError(res, 400, "", std::string("invalid JSON value: ") + e.what());
  } catch (const std::exception& e) {
    std::cerr << "precursor serve: internal error on " << req.method << " " << req.path << ": " << e.what() << "\n";
    SendError(res, 500, "", "internal error");
  }
  if (held) {
    std::lock_guard lock(inflight_mutex_);
    inflight_.erase(*held);
    inflight_cv_.notify_all();
  }
}

void Api::Register(httplib::Server& server) {
  server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // our handlers always write a body
    // A path the API has, with a method it does not take: 405 and the
    // methods it does take (RFC 9110 section 15.5.6).
    if (res.status == 404) {
      std::string allow;
      for (const auto& r : routes_)
        if (std::regex_match(req.path, r.pattern) && allow.find(r.method) == std::string::npos)
          allow += (allow.empty() ? "" : ", ") + r.method;
      if (!allow.empty()) {
        res.status = 405;
        res.set_header("Allow", allow);
      }
    }
    std::string reason = res.status == 404   ? "no such route: " + req.method + " " + req.path
                         : res.status == 413 ? "request body too large"
                         : res.status == 405 ? req.method + " is not allowed on " + req.path + "; allowed: " +
                                                   res.get_header_value("Allow")
                                             : "request rejected";
    SendError(res, res.status, "", reason);
  });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    SendError(res, 500, "", "internal error");
  });
  server.Get("/api/openapi.json", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(openapi_, "application/json");
  });
  routes_.push_back({"GET", "/api/openapi.json", false, std::regex("/api/openapi\\.json")});
  RegisterIdentity(server);
  RegisterApplications(server);
  RegisterOfficer(server);
  RegisterLicences(server);
  RegisterWeb(server);
  RegisterMeta(server);
  RegisterScan(server);
  RegisterScreenFile(server);
}

void Api::RegisterIdentity(httplib::Server& s) {
  Route(s, "POST", "/api/v1/login", {.authenticated = false}, [this](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto username = r.String("username", 64);
    auto password = r.String("password", 1024);
    r.Done();
    auto login = service_.Login(username, password, c.req.remote_addr, c.now);
    SendJson(c.res, 200, {{"token", login.token}, {"expires", FormatTime(login.expires)},
                          {"user", ToJson(login.actor.user)}, {"organisation", ToJson(login.actor.org)}});
  });
  Route(s, "POST", "/api/v1/logout", {}, [this](Context& c) {
    service_.Logout(c.req.get_header_value("Authorization").substr(7), c.now);
    c.res.status = 204;
  });
  Route(s, "GET", "/api/v1/me", {}, [](Context& c) {
    SendJson(c.res, 200, {{"user", ToJson(c.actor.user)}, {"organisation", ToJson(c.actor.org)}});
  });
  Route(s, "POST", "/api/v1/screen", {}, [this](Context& c) {
    // The same verdict objects as `precursor screen`: one per input.
    auto body = c.Body();
    ObjectReader r(body, "");
    const auto& registry = service_.screener().registry();
    rules::Query query = ReadQuery(r, registry, DayOf(c.now));
    // "Do I need a licence?": a transaction described by any of these asks
    // for the duties each listing imposes on it (rules/obligations.h).
    std::optional<registry::Transaction> transaction;
    auto destination = r.OptString("destination", 2);
    auto quantity = r.OptNumber("quantity");
    auto unit = r.OptString("unit", 5);
    auto concentration = r.OptNumber("concentration");
    if (destination || quantity || unit || concentration) {
      transaction.emplace();
      transaction->as_of = query.as_of;
      transaction->destination = destination.value_or("");
      transaction->quantity = quantity;
      transaction->unit = unit.value_or("");
      transaction->concentration_percent = concentration;
      if (auto p = registry::Problem(*transaction)) throw Invalid(p->field, p->reason);
      if (destination && service_.countries().Name(*destination).empty())
        throw Invalid("destination", "'" + *destination + "' is not an ISO 3166-1 country code");
    }
    auto record_from = [&](ObjectReader& o, const std::string& fallback_id) {
      screen::InputRecord rec;
      rec.text = o.String("input", 100000);
      rec.id = o.OptString("id", 200).value_or(fallback_id);
      std::string type = o.OptString("input_type", 10).value_or("auto");
      if (type == "smiles") rec.hint = screen::InputHint::kSmiles;
      else if (type == "molfile") rec.hint = screen::InputHint::kMolBlock;
      else if (type == "cas") rec.hint = screen::InputHint::kCas;
      else if (type == "name") rec.hint = screen::InputHint::kName;
      else if (type != "auto") throw Invalid(o.Path("input_type"), "must be auto, smiles, molfile, cas or name");
      return rec;
    };
    if (const Json* inputs = r.OptArray("inputs", 1000)) {
      std::vector<screen::InputRecord> records;
      for (size_t i = 0; i < inputs->size(); ++i) {
        ObjectReader o((*inputs)[i], r.Path("inputs", i));
        records.push_back(record_from(o, std::to_string(i + 1)));
        o.Done();
      }
      r.Done();
      screen_budget_.Check(c.actor.user.id);  // an overdrawn user does not wait in the gate
      auto slot = cpu_gate_.Enter();
      // {"results":[...]} around the verdicts' JSON texts, as dump() would write it.
      std::string out = R"({"results":[)";
      for (size_t i = 0; i < records.size(); ++i) {
        if (i) out += ',';
        out += ScreenCharged(c, records[i], query, transaction);
      }
      out += "]}";
      c.res.set_content(out, "application/json");
      return;
    }
    auto rec = record_from(r, "1");
    r.Done();
    screen_budget_.Check(c.actor.user.id);
    auto slot = cpu_gate_.Enter();
    // The CLI's verdict object, field order included (rules::ToJson).
    c.res.set_content(ScreenCharged(c, rec, query, transaction), "application/json");
  });
}

std::string Api::ScreenCharged(const Context& c, const screen::InputRecord& record, const rules::Query& query,
                               const std::optional<registry::Transaction>& transaction) {
  screen_budget_.Check(c.actor.user.id);  // before the work: a batch stops when its user runs out
  CpuBudget::Meter meter(screen_budget_, c.actor.user.id);
  if (!transaction) return service_.ScreenJson(record, query);
  // The duties depend on the transaction, the verdict does not: the verdict
  // comes from the cache and the duties are added to a copy.
  auto result = service_.Screen(record, query);
  result.id = record.id;
  rules::AssessObligations(result, *transaction);
  return JsonText(rules::ToJson(result));
}

}  // namespace pc::http
