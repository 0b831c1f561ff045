// precursor audit verify|head: the audit log's hash chain, checked against
// the anchors kept outside the database (store/audit_anchor.h).
#include <iostream>

#include "cli/commands.h"
#include "cli/service_context.h"
#include "licensing/audit.h"
#include "store/audit_anchor.h"

namespace pc::cli {
namespace {

const char kAuditUsage[] =
    "usage: precursor audit verify [--data DIR] [--database URL] [--expect SEQ:HASH]\n"
    "       precursor audit head [--data DIR] [--database URL]\n";

}  // namespace

int AuditCommand(const std::vector<std::string>& argv) {
  if (argv.empty() || (argv[0] != "verify" && argv[0] != "head")) throw UsageError(kAuditUsage);
  Args args({argv.begin() + 1, argv.end()}, {"data", "database", "expect"});
  if (!args.positional().empty()) throw UsageError(kAuditUsage);
  std::vector<licensing::AuditPoint> expected;
  if (auto text = args.Get("expect")) {
    auto p = licensing::ParseAuditPoint(*text);
    if (!p) throw UsageError("--expect '" + *text + "' is not SEQ:HASH (as printed by precursor audit head)");
    expected.push_back(*p);
  }
  auto dir = ServiceDataDir(args);
  if (!DatabaseUrl(args) && !std::filesystem::exists(dir / "precursor.db")) {
    std::cerr << "precursor audit: no database at " << dir / "precursor.db" << "\n";
    return 2;
  }
  auto opened = OpenStore(args);
  auto& store = *opened.store;
  if (argv[0] == "head") {
    // The value to keep somewhere else and pass to verify --expect later.
    auto head = licensing::AuditHeadOf(store);
    if (!head) {
      std::cerr << "precursor audit: the audit log is empty\n";
      return 1;
    }
    std::cout << licensing::ToString(*head) << "\n";
    return 0;
  }
  store::AuditAnchorFile anchor(dir);
  std::string anchor_note;
  try {
    if (auto a = anchor.Read()) {
      expected.push_back(*a);
      anchor_note = "; anchored at record " + std::to_string(a->seq);
    } else {
      anchor_note = "; no anchor file (" + anchor.file().string() + "): removal of the newest records is not checked";
    }
  } catch (const store::AnchorError& e) {
    std::cout << "audit log TAMPERED: " << e.what() << "\n";
    return 1;
  }
  auto check = licensing::VerifyAudit(store, expected);
  if (check.ok) {
    std::cout << "audit log intact: " << check.records << " records" << anchor_note << "\n";
    return 0;
  }
  std::cout << "audit log TAMPERED at record " << check.first_bad_seq << ": " << check.reason << " ("
            << check.records << " records verified before it)\n";
  return 1;
}

}  // namespace pc::cli
