// The one error the licensing domain raises: what went wrong, for which field
// of the request, and why, in words an exporter or officer can act on. The
// HTTP layer maps the kind to a status code and the rest to
// {"error":{"field":...,"reason":...}}.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace pc::licensing {

enum class ErrorKind {
  kInvalid,          // 400: the request is malformed or breaks a rule
  kUnauthenticated,  // 401: no valid session
  kForbidden,        // 403: the role may not do this
  kNotFound,         // 404: no such object, or not the caller's to see
  kConflict,         // 409: wrong state or stale version
  kTooLarge,         // 413: an upload over the size limit
  kUnsupportedType,  // 415: an upload of a type not accepted
  kTooManyRequests,  // 429: throttled (sign-in failures, screening rate); see retry_after()
  kUnavailable,      // 503: the service cannot take the request now (busy, storage down)
};

// One of several things wrong with a request, each named by the field (or
// condition) it concerns, so a client can show every one at once.
struct Problem {
  std::string field, reason;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string field, const std::string& reason)
      : std::runtime_error(reason), kind_(kind), field_(std::move(field)) {}
  ErrorKind kind() const { return kind_; }
  const std::string& field() const { return field_; }
  // Seconds after which a throttled or refused request may be tried again
  // (HTTP Retry-After); 0 when the error says nothing about retrying.
  int retry_after() const { return retry_after_; }
  Error& WithRetryAfter(int seconds) {
    retry_after_ = seconds;
    return *this;
  }
  // Every problem found, when there are several; what() then summarises them.
  const std::vector<Problem>& problems() const { return problems_; }
  Error& WithProblems(std::vector<Problem> problems) {
    problems_ = std::move(problems);
    return *this;
  }

 private:
  ErrorKind kind_;
  std::string field_;
  int retry_after_ = 0;
  std::vector<Problem> problems_;
};

inline Error Invalid(std::string field, const std::string& reason) {
  return Error(ErrorKind::kInvalid, std::move(field), reason);
}
inline Error NotFound(const std::string& what) {
  return Error(ErrorKind::kNotFound, "", what + " not found");
}
inline Error Forbidden(const std::string& reason) { return Error(ErrorKind::kForbidden, "", reason); }
inline Error Conflict(std::string field, const std::string& reason) {
  return Error(ErrorKind::kConflict, std::move(field), reason);
}

}  // namespace pc::licensing
