// A `precursor serve` child process for tests that kill or run several
// servers: started with its arguments, found by the port it prints
// ("listening on ...:PORT"), stopped with a signal and reaped.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

namespace pc::testing {

struct ServerProcess {
  pid_t pid = -1;
  int port = 0;  // 0: it never said where it listens
};

// Runs `args` (args[0] is the program) with its standard output read until
// the server names its port.
inline ServerProcess StartServerProcess(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  FILE* out = fdopen(fds[0], "r");
  char line[512];
  ServerProcess s{pid, 0};
  while (fgets(line, sizeof line, out)) {
    std::string l = line;
    auto p = l.rfind(':');
    if (l.find("listening on") != std::string::npos && p != std::string::npos) {
      s.port = std::stoi(l.substr(p + 1));
      break;
    }
  }
  fclose(out);
  return s;
}

// Sends `sig` and waits for the process to end.
inline void StopServerProcess(const ServerProcess& s, int sig) {
  if (s.pid <= 0) return;
  kill(s.pid, sig);
  int status;
  waitpid(s.pid, &status, 0);
}

}  // namespace pc::testing
