// precursor audit verify: recomputes the audit log's hash chain.
#include <iostream>

#include "cli/commands.h"
#include "cli/service_context.h"
#include "licensing/audit.h"

namespace pc::cli {

int AuditCommand(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] != "verify") throw UsageError("usage: precursor audit verify [--data DIR]");
  Args args({argv.begin() + 1, argv.end()}, {"data"});
  auto file = ServiceDataDir(args) / "precursor.db";
  if (!std::filesystem::exists(file)) {
    std::cerr << "precursor audit: no database at " << file << "\n";
    return 2;
  }
  store::SqliteStore store(file);
  auto check = licensing::VerifyAudit(store);
  if (check.ok) {
    std::cout << "audit log intact: " << check.records << " records\n";
    return 0;
  }
  std::cout << "audit log TAMPERED at record " << check.first_bad_seq << ": " << check.reason << " ("
            << check.records << " records verified before it)\n";
  return 1;
}

}  // namespace pc::cli
