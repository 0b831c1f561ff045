#include "names/opsin_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error.h"

extern char** environ;

namespace pc::names {
namespace {

constexpr size_t kChunk = 32;            // names written before their answers are read
constexpr size_t kMaxErrorText = 8192;   // OPSIN's recent complaints, for reasons
constexpr size_t kMaxAnswerLine = 1 << 20;

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

OpsinProcess::OpsinProcess(OpsinOptions options) : options_(std::move(options)) {}

OpsinProcess::~OpsinProcess() { Stop(); }

void OpsinProcess::Stop() {
  CloseFd(to_child_);
  CloseFd(from_child_);
  CloseFd(errors_);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  buffered_.clear();
}

void OpsinProcess::Start() {
  ++starts_;
  error_text_.clear();
  // Standard input is a socket so a write to a helper that died fails with
  // EPIPE (MSG_NOSIGNAL) instead of killing this process with SIGPIPE.
  int in[2], out[2], err[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0)
    throw Unavailable(std::string("OPSIN helper: socketpair: ") + std::strerror(errno));
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    throw Unavailable(std::string("OPSIN helper: pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[1], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  // The helper gets its three pipes and nothing else of ours (a server's
  // listening socket, its database).
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::vector<std::string> argv_text = {options_.java, "-Xss8m", "-XX:+UseSerialGC", "-Xshare:auto",
                                        "-jar", options_.jar, "-osmi", "-n"};
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, options_.java.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[1]);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ::close(in[0]);
    ::close(out[0]);
    ::close(err[0]);
    throw Unavailable("OPSIN helper: cannot run '" + options_.java + "': " + std::strerror(rc) +
                      " (install default-jre-headless and libopsin-java)");
  }
  pid_ = pid;
  to_child_ = in[0];
  from_child_ = out[0];
  errors_ = err[0];
  ::fcntl(errors_, F_SETFL, ::fcntl(errors_, F_GETFL) | O_NONBLOCK);
  // A name every OPSIN reads: the helper is up when it answers, and the JVM's
  // start-up is charged to the start-up deadline, not to a real name.
  WriteAll("methane\n");
  std::string line = ReadLine(options_.startup_timeout, "its start-up");
  if (line != "C\tmethane") {
    Stop();
    throw Unavailable("OPSIN helper: unexpected answer at start-up: '" + line.substr(0, 200) + "'");
  }
}

void OpsinProcess::WriteAll(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::send(to_child_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string error = std::strerror(errno);
      std::string how = HowItEnded();
      std::string why = DrainErrors();
      Stop();
      throw Unavailable("OPSIN helper " + (how.empty() ? "stopped taking names (" + error + ")" : how) +
                        (why.empty() ? "" : ": " + why));
    }
    done += size_t(n);
  }
}

std::string OpsinProcess::HowItEnded() {
  // A helper that closed its pipes is exiting: give it a moment to be reaped.
  for (int i = 0; i < 100 && pid_ > 0; ++i) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                               : "was killed by signal " + std::to_string(WTERMSIG(status));
    }
    if (r < 0 && errno != EINTR) break;
    ::usleep(10000);
  }
  return "";
}

std::string OpsinProcess::DrainErrors() {
  char buf[4096];
  while (errors_ >= 0) {
    ssize_t n = ::read(errors_, buf, sizeof buf);
    if (n <= 0) break;
    error_text_.append(buf, size_t(n));
  }
  if (error_text_.size() > kMaxErrorText) error_text_.erase(0, error_text_.size() - kMaxErrorText);
  // The last complete line says most (a JVM's "Unable to access jarfile", say).
  std::string t = error_text_;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
  auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

std::string OpsinProcess::ReadLine(std::chrono::milliseconds timeout, const std::string& waiting_for) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto nl = buffered_.find('\n'); nl != std::string::npos) {
      std::string line = buffered_.substr(0, nl);
      buffered_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (buffered_.size() > kMaxAnswerLine) {
      Stop();
      throw Unavailable("OPSIN helper wrote an answer longer than 1 MiB");
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      Stop();
      throw Unavailable("OPSIN helper did not answer within " + std::to_string(timeout.count()) +
                        " ms (waiting for " + waiting_for + "); it was stopped");
    }
    pollfd fds[2] = {{from_child_, POLLIN, 0}, {errors_, POLLIN, 0}};
    int rc = ::poll(fds, 2, int(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (fds[1].revents) DrainErrors();
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buf[8192];
    ssize_t n = ::read(from_child_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string how = HowItEnded();
      if (how.empty()) how = "closed its output";
      std::string why = DrainErrors();
      Stop();
      throw Unavailable("OPSIN helper " + how + " (waiting for " + waiting_for + ")" +
                        (why.empty() ? "" : ": " + why));
    }
    buffered_.append(buf, size_t(n));
  }
}

std::vector<OpsinAnswer> OpsinProcess::Parse(const std::vector<std::string>& names) {
  if (pid_ <= 0) Start();
  std::vector<OpsinAnswer> answers;
  answers.reserve(names.size());
  for (size_t begin = 0; begin < names.size(); begin += kChunk) {
    size_t end = std::min(names.size(), begin + kChunk);
    std::string batch;
    for (size_t i = begin; i < end; ++i) batch += names[i] + "\n";
    WriteAll(batch);
    for (size_t i = begin; i < end; ++i) {
      std::string line = ReadLine(options_.per_name_timeout, "'" + names[i] + "'");
      auto tab = line.find('\t');
      // The echoed name keeps answers and names in step; a helper out of
      // step is restarted rather than trusted.
      if (tab == std::string::npos || line.substr(tab + 1) != names[i]) {
        Stop();
        throw Unavailable("OPSIN helper answered out of step for '" + names[i] + "'");
      }
      OpsinAnswer a;
      a.smiles = line.substr(0, tab);
      if (a.smiles.empty()) {
        DrainErrors();
        // OPSIN logs "NAME is unparsable due to ...": keep the part after the name.
        std::string why;
        if (auto at = error_text_.find(names[i] + " is "); at != std::string::npos) {
          auto stop = error_text_.find('\n', at);
          why = error_text_.substr(at + names[i].size() + 1, stop == std::string::npos ? std::string::npos
                                                                                       : stop - at - names[i].size() - 1);
          error_text_.erase(0, stop == std::string::npos ? error_text_.size() : stop + 1);
        }
        a.reason = "OPSIN could not read it as a systematic name" + (why.empty() ? "" : " (" + why.substr(0, 300) + ")");
      }
      answers.push_back(std::move(a));
    }
  }
  return answers;
}

}  // namespace pc::names
