// precursor admin: organisations and users, from the server's console.
#include <iostream>

#include "cli/commands.h"
#include "cli/service_context.h"
#include "common/error.h"
#include "licensing/serialize.h"

namespace pc::cli {

namespace {

const char kAdminUsage[] =
    "precursor admin create-org --name NAME --kind exporter|licensing_authority|importing_authority|customs\n"
    "                           --country CC [--address TEXT] [--registration NUMBER]\n"
    "                           [--authority ID]   (an exporter: the licensing authority it is registered with)\n"
    "                           [--national]       (a licensing authority at national level)\n"
    "                           [--data DIR] [--database URL]\n"
    "precursor admin create-user --username U --org ID [--data DIR] [--database URL]   (password read from stdin)\n"
    "precursor admin list-orgs [--data DIR] [--database URL]\n";

}  // namespace

int AdminCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) throw UsageError(std::string("admin needs a sub-command\n") + kAdminUsage);
  std::string sub = argv[0];
  Args args({argv.begin() + 1, argv.end()},
            {"name", "kind", "country", "address", "registration", "authority", "username", "org", "data", "database", "registry"},
            {"national"});
  auto stack = OpenService(args);
  auto now = licensing::NowUtc();
  std::string by = "admin-cli";
  try {
    if (sub == "create-org") {
      auto kind = licensing::ParseOrgKind(args.Get("kind").value_or(""));
      if (!kind) throw UsageError("--kind must be exporter, licensing_authority, importing_authority or customs");
      licensing::Organisation org;
      org.name = args.Get("name").value_or("");
      org.kind = *kind;
      org.country = args.Get("country").value_or("");
      org.address = args.Get("address").value_or("");
      org.registration_number = args.Get("registration").value_or("");
      org.national = args.Flag("national");
      if (auto authority = args.Get("authority")) {
        try {
          org.authority = std::stoll(*authority);
        } catch (const std::exception&) {
          throw UsageError("--authority must be an organisation id");
        }
      }
      auto id = stack.service->CreateOrganisation(org, now, by);
      std::cout << id << "\n";
      return 0;
    }
    if (sub == "create-user") {
      auto org = args.Get("org");
      if (!org) throw UsageError("--org ID is required");
      // The password comes on stdin so it never appears in the process list
      // or the shell history.
      std::string password;
      std::getline(std::cin, password);
      auto id = stack.service->CreateUser(args.Get("username").value_or(""), password, std::stoll(*org), now, by);
      std::cout << id << "\n";
      return 0;
    }
    if (sub == "list-orgs") {
      for (const auto& o : stack.service->Organisations()) std::cout << licensing::ToJson(o).dump() << "\n";
      return 0;
    }
  } catch (const pc::Error& e) {
    if (e.kind() == ErrorKind::kUsage) throw;  // main prints it with the usage
    std::cerr << "precursor admin: " << Describe(e) << "\n";
    return 1;
  }
  throw UsageError("unknown admin sub-command '" + sub + "'\n" + kAdminUsage);
}

}  // namespace pc::cli
