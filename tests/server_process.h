// A `precursor serve` child process for tests that kill or run several
// servers: started with its arguments, found by the port it prints
// ("listening on ...:PORT"), stopped with a signal and reaped; and what
// such a test sends it (a demo user's sign-in, a draft application).
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

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

// Signs a `--demo` user in at the server on `port`: the token, or "" if
// the server did not say 200.
inline std::string DemoLogin(int port, const std::string& user = "exporter",
                             const std::string& password = "exporter-demo") {
  httplib::Client c("127.0.0.1", port);
  auto r = c.Post("/api/v1/login", nlohmann::json{{"username", user}, {"password", password}}.dump(),
                  "application/json");
  if (!r || r->status != 200) return "";
  return nlohmann::json::parse(r->body)["token"];
}

inline httplib::Headers BearerAuth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// A draft export application: fentanyl, 2 kg, to `importer` in Germany.
inline nlohmann::json DraftTo(const std::string& importer = "Rheinland Pharma GmbH") {
  return {{"importer", {{"name", importer}, {"country", "DE"}, {"address", "Köln"}, {"registration_number", "HRB 1"}}},
          {"destination", "DE"},
          {"end_use", "manufacture"},
          {"planned_shipment_date", "2099-01-15"},
          {"items", {{{"substance", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"}, {"quantity", 2}, {"unit", "kg"},
                      {"hs_code", "2933.33"}}}}};
}

}  // namespace pc::testing
