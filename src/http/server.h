// The HTTP JSON API (/api/v1/...) over the licensing service and the
// screening engine. Every route authenticates (Bearer token from
// POST /api/v1/login) except login and the OpenAPI document; authorisation
// by role and organisation is the service's (licensing/service.h), so no
// route can forget it.
//
// Conventions: errors are RFC 9457 problem details with every field problem
// in "errors" and the first in {"error":{"field":"items[0].quantity","reason":...}};
// lists page with ?limit=&offset= (http/pagination.h);
// a creating POST honours an Idempotency-Key header (same key and user: the
// stored response is replayed, nothing is created twice); an update takes
// the record's version in If-Match or a "version" field, 409 on mismatch.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "http/cpu_budget.h"
#include "http/limits.h"
#include "http/request.h"
#include "http/work_gate.h"
#include "common/error.h"
#include "licensing/service.h"
#include "licensing/store.h"
#include "registry/obligations.h"

namespace pc::text {
class Scanner;
}

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace pc::http {

struct ServerOptions {
  std::function<licensing::Timestamp()> clock;  // defaults to the system clock
  std::string openapi_file;                     // data/api/openapi.json
  std::size_t max_json_bytes = 1 << 20;
  Limits limits;  // the API uses the CPU-bound ones: cpu_workers, cpu_queue, screen_cpu_*
  // POST /api/v1/scan's engine (text/scanner.h), composed by the caller;
  // without one the route answers 503.
  const text::Scanner* scanner = nullptr;
};

struct RouteInfo {
  std::string method, path;  // path in OpenAPI form: /api/v1/applications/{id}
  bool creating = false;     // honours Idempotency-Key
  std::regex pattern;        // what the server matches request paths with
};

class Api {
 public:
  Api(licensing::Service& service, licensing::Store& store, ServerOptions options);
  // Registers every route, the error and exception handlers on `server`.
  void Register(httplib::Server& server);
  const std::vector<RouteInfo>& routes() const { return routes_; }
  // The gate CPU-bound routes pass (screening, depiction).
  WorkGate& cpu_gate() { return cpu_gate_; }

  // What a handler gets: the caller, the time, the request.
  struct Context {
    const httplib::Request& req;
    httplib::Response& res;
    licensing::Actor actor;
    licensing::Timestamp now = 0;
    std::string Param(int i) const;
    licensing::Id IdParam(int i) const;
    Json Body() const;  // the body as one JSON object (size-checked)
    std::optional<std::int64_t> IfMatch() const;
    std::size_t max_json_bytes = 0;
  };
  using Handler = std::function<void(Context&)>;

 private:
  // How a route is served: behind a session or open (sign-in, verify), and
  // whether it creates something (then it honours Idempotency-Key).
  struct RouteOptions {
    bool authenticated = true;
    bool creating = false;
  };
  void Route(httplib::Server& server, const std::string& method, const std::string& openapi_path,
             RouteOptions options, Handler handler);
  void Handle(const httplib::Request& req, httplib::Response& res, RouteOptions options,
              const Handler& handler);
  void RegisterIdentity(httplib::Server& s);
  void RegisterApplications(httplib::Server& s);
  void RegisterOfficer(httplib::Server& s);
  void RegisterLicences(httplib::Server& s);
  void RegisterWeb(httplib::Server& s);  // depiction, registry (routes_web.cc)
  void RegisterMeta(httplib::Server& s);  // vocabularies for clients (routes_meta.cc)
  void RegisterScan(httplib::Server& s);  // free text to mentions and verdicts (routes_scan.cc)
  void RegisterScreenFile(httplib::Server& s);  // a file through the CLI's reader (routes_screen_file.cc)
  // An application as the caller sees it, with its decision clock.
  Json ApplicationView(const Context& c, const licensing::Application& a);
  // One screening's verdict JSON, its CPU time charged to the caller.
  // With a transaction, the duties of each listing are added (rules/obligations.h).
  std::string ScreenCharged(const Context& c, const screen::InputRecord& record, const rules::Query& query,
                            const std::optional<registry::Transaction>& transaction = std::nullopt);

  licensing::Service& service_;
  licensing::Store& store_;
  ServerOptions options_;
  std::string openapi_;
  std::vector<RouteInfo> routes_;
  WorkGate cpu_gate_;
  CpuBudget screen_budget_;
  // Idempotency keys being processed, so two concurrent requests with the
  // same key run one after the other and the second replays the first.
  std::mutex inflight_mutex_;
  std::condition_variable inflight_cv_;
  std::set<std::pair<licensing::Id, std::string>> inflight_;
};

// Writes an error as RFC 9457 problem details (application/problem+json):
// {type, title, status, detail, errors:[{field, detail}], error:{field,
// reason, problems?}}. "errors" lists every field problem (the one `field`
// when there is no list); "error" is the API's first error form, kept for
// the clients written against it.
inline constexpr const char* kProblemTypeBase = "tag:precursor-control,2026:problem/";
void SendError(httplib::Response& res, int status, const std::string& field, const std::string& reason,
               const std::vector<Problem>& problems = {});
int StatusFor(ErrorKind kind);
void SendJson(httplib::Response& res, int status, const Json& body);

}  // namespace pc::http
