// precursor admin: organisations and users, from the server's console.
#include <iostream>

#include "cli/commands.h"
#include "cli/service_context.h"
#include "licensing/error.h"
#include "licensing/serialize.h"

namespace pc::cli {

namespace {

const char kAdminUsage[] =
    "precursor admin create-org --name NAME --kind exporter|licensing_authority|importing_authority|customs\n"
    "                           --country CC [--data DIR]\n"
    "precursor admin create-user --username U --org ID [--data DIR]   (password read from stdin)\n"
    "precursor admin list-orgs [--data DIR]\n";

}  // namespace

int AdminCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) throw UsageError(std::string("admin needs a sub-command\n") + kAdminUsage);
  std::string sub = argv[0];
  Args args({argv.begin() + 1, argv.end()}, {"name", "kind", "country", "username", "org", "data", "registry"});
  auto stack = OpenService(args);
  auto now = licensing::NowUtc();
  std::string by = "admin-cli";
  try {
    if (sub == "create-org") {
      auto kind = licensing::ParseOrgKind(args.Get("kind").value_or(""));
      if (!kind) throw UsageError("--kind must be exporter, licensing_authority, importing_authority or customs");
      auto id = stack.service->CreateOrganisation(args.Get("name").value_or(""), *kind,
                                                  args.Get("country").value_or(""), now, by);
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
  } catch (const licensing::Error& e) {
    std::cerr << "precursor admin: " << (e.field().empty() ? "" : e.field() + ": ") << e.what() << "\n";
    return 1;
  }
  throw UsageError("unknown admin sub-command '" + sub + "'\n" + kAdminUsage);
}

}  // namespace pc::cli
