// One function per sub-command; each returns the process exit code:
// 0 all done, 1 some records could not be processed, 2 usage or fatal error.
#pragma once

#include <string>
#include <vector>

namespace pc::cli {

int ScreenCommand(const std::vector<std::string>& args);
int ScanCommand(const std::vector<std::string>& args);
int ExplainCommand(const std::vector<std::string>& args);
int RegistryCommand(const std::vector<std::string>& args);
int EvaluateCommand(const std::vector<std::string>& args);
int BacktestCommand(const std::vector<std::string>& args);

}  // namespace pc::cli

namespace pc::cli {

// The licensing service (issue 5): the HTTP API, administration of
// organisations and users, and verification of the audit chain.
int ServeCommand(const std::vector<std::string>& args);
int AdminCommand(const std::vector<std::string>& args);
int AuditCommand(const std::vector<std::string>& args);

}  // namespace pc::cli
