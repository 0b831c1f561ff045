// The one error vocabulary at every module edge: what kind of failure it is,
// which field (or record, or file) it concerns, and why, in words the person
// who must act on it can act on. Each front end maps the kind once: the HTTP
// API to a status code (http/server.cc, StatusFor) and the command line to
// an exit status and a message (cli/main.cc).
//
// Parse failures of one record stay values (chem::ParsedMolecule, a
// ScreenResult with status error): a batch goes on past a bad record. An
// Error is for what stops an operation: a request, a data file, a command.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace pc {

enum class ErrorKind {
  kInvalid,          // invalid data: a request, a record or a data file breaks a rule (HTTP 400)
  kUnauthenticated,  // no valid session (401)
  kForbidden,        // the role or organisation may not do this (403)
  kNotFound,         // no such object, or not the caller's to see (404)
  kConflict,         // wrong state, stale version, a duplicate (409)
  kTooLarge,         // over a size limit (413)
  kUnsupportedType,  // an upload of a type not accepted (415)
  kTooManyRequests,  // throttled (429); see retry_after()
  kUnavailable,      // cannot take the request now: busy, storage down (503)
  kIo,               // a file or device failed under us (503 in the service)
  kUsage,            // the command line is wrong (exit status 2)
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
  // What an operator needs and a client must not see (a database's own
  // message, a path on the server): logged, never sent.
  const std::string& detail() const { return detail_; }
  Error& WithDetail(std::string detail) {
    detail_ = std::move(detail);
    return *this;
  }

 private:
  ErrorKind kind_;
  std::string field_;
  int retry_after_ = 0;
  std::vector<Problem> problems_;
  std::string detail_;
};

inline Error Invalid(std::string field, const std::string& reason) {
  return Error(ErrorKind::kInvalid, std::move(field), reason);
}
inline Error NotFound(const std::string& what) { return Error(ErrorKind::kNotFound, "", what + " not found"); }
inline Error Forbidden(const std::string& reason) { return Error(ErrorKind::kForbidden, "", reason); }
inline Error Conflict(std::string field, const std::string& reason) {
  return Error(ErrorKind::kConflict, std::move(field), reason);
}
inline Error Unavailable(const std::string& reason) { return Error(ErrorKind::kUnavailable, "", reason); }
// A data file (registry, rules, vocabulary, a document the server needs)
// that does not validate; `what` names the file, the entry and the reason.
inline Error InvalidData(const std::string& what) { return Error(ErrorKind::kInvalid, "", what); }
inline Error IoError(const std::string& what) { return Error(ErrorKind::kIo, "", what); }

}  // namespace pc
