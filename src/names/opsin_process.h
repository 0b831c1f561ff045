// OPSIN, the open parser of IUPAC names, as one long-lived helper process:
// `java -jar opsin-cli.jar -osmi -n` reads a name per line on its standard
// input and answers each with "SMILES<TAB>name" on its own line (an empty
// SMILES when it cannot parse the name), flushing every answer. Starting a
// JVM costs seconds, so one process serves a whole run or server; names go
// to it in batches over the pipe, and every answer has a deadline.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace pc::names {

struct OpsinOptions {
  std::string java = "java";                            // searched on PATH
  std::string jar = "/usr/share/java/opsin-cli.jar";    // Debian's libopsin-java
  std::chrono::milliseconds startup_timeout{60000};     // JVM start and the first answer
  std::chrono::milliseconds per_name_timeout{5000};
  // A helper that fails twice in a row (a start and one immediate restart)
  // is left down for `retry_after`, then tried again; each failed try
  // doubles the wait up to `max_retry_after`. A long-running server thus
  // recovers from a JVM killed by the OOM killer or a jar being upgraded,
  // without starting a JVM for every name while OPSIN is broken.
  std::chrono::milliseconds retry_after{2000};
  std::chrono::milliseconds max_retry_after{300000};
};

// What OPSIN made of one name: its SMILES, or empty with OPSIN's own reason.
struct OpsinAnswer {
  std::string smiles;
  std::string reason;
};

// Not thread-safe: its owner serialises calls.
class OpsinProcess {
 public:
  explicit OpsinProcess(OpsinOptions options);
  ~OpsinProcess();
  OpsinProcess(const OpsinProcess&) = delete;
  OpsinProcess& operator=(const OpsinProcess&) = delete;

  // One answer per name. A name OPSIN cannot read is an answer with a
  // reason; a helper that cannot start, dies, garbles or misses a deadline
  // throws pc::Error (kUnavailable) naming what went wrong, and is stopped
  // (the next call starts a fresh one). Names must hold no line breaks or
  // tabs (the caller refuses such names before they reach here).
  std::vector<OpsinAnswer> Parse(const std::vector<std::string>& names);

  bool running() const { return pid_ > 0; }
  // The helper's process id, or -1 when none runs.
  pid_t pid() const { return pid_; }
  // How many helpers this object has started (the first start included).
  int starts() const { return starts_; }

 private:
  void Start();
  void Stop();
  void WriteAll(const std::string& bytes);
  // The next answer line, within `timeout`.
  std::string ReadLine(std::chrono::milliseconds timeout, const std::string& waiting_for);
  std::string DrainErrors();
  // "exited with status N" once the helper is reaped; empty if it lives on.
  std::string HowItEnded();

  OpsinOptions options_;
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1, errors_ = -1;
  std::string buffered_, error_text_;
  int starts_ = 0;
};

}  // namespace pc::names
