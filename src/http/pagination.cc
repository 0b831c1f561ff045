#include "http/pagination.h"

#include <httplib.h>

#include <tuple>
#include <vector>

#include "common/error.h"

namespace pc::http {
namespace {

std::size_t Count(const httplib::Request& req, const std::string& name, std::size_t fallback, std::size_t min,
                  std::size_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  std::size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v.size() || n < (long long)min || (unsigned long long)n > max)
    throw Invalid(name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                            (v.empty() ? "" : ", not '" + v.substr(0, 20) + "'"));
  return std::size_t(n);
}

}  // namespace

PageRequest ReadPage(const httplib::Request& req) {
  PageRequest page;
  std::vector<Problem> problems;
  // Both parameters are checked, so a request with two mistakes hears of both.
  for (auto [name, out, fallback, min, max] :
       {std::tuple{"limit", &page.limit, PageRequest::kDefaultLimit, std::size_t(1), PageRequest::kMaxLimit},
        std::tuple{"offset", &page.offset, std::size_t(0), std::size_t(0), std::size_t(1) << 40}}) {
    try {
      *out = Count(req, name, fallback, min, max);
    } catch (const Error& e) {
      problems.push_back({e.field(), e.what()});
    }
  }
  if (problems.size() == 1) throw Invalid(problems[0].field, problems[0].reason);
  if (!problems.empty()) throw Invalid(problems[0].field, problems[0].reason).WithProblems(problems);
  return page;
}

std::string NextLink(const httplib::Request& req, const std::string& param, const std::string& value) {
  httplib::Params params;
  for (const auto& [k, v] : req.params)
    if (k != param) params.emplace(k, v);
  params.emplace(param, value);
  return req.path + "?" + httplib::detail::params_to_query_str(params);
}

std::optional<std::string> NextPage(const httplib::Request& req, httplib::Response& res, const PageRequest& page,
                                    std::size_t total) {
  if (page.offset + page.limit >= total) return std::nullopt;
  std::string next = NextLink(req, "offset", std::to_string(page.offset + page.limit));
  res.set_header("Link", "<" + next + ">; rel=\"next\"");
  return next;
}

}  // namespace pc::http
