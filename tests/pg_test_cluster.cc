// The ctest fixture around the PostgreSQL runs of the licensing suites:
//   pg_test_cluster start STATE_DIR   starts a throwaway cluster (pg_cluster.h)
//   pg_test_cluster stop STATE_DIR    stops it and removes it
// Every "pg." test attaches to the cluster described in STATE_DIR and makes
// a database of its own in it.
#include <iostream>

#include "pg_cluster.h"

int main(int argc, char** argv) {
  if (argc != 3 || (std::string(argv[1]) != "start" && std::string(argv[1]) != "stop")) {
    std::cerr << "usage: pg_test_cluster start|stop STATE_DIR\n";
    return 2;
  }
  std::filesystem::path state = argv[2];
  try {
    if (std::string(argv[1]) == "start") {
      if (std::filesystem::exists(state / "cluster")) pc::testing::PgCluster::Attach(state)->Stop();  // an earlier run's
      auto cluster = pc::testing::PgCluster::Start(state);
      cluster->Detach();
      std::cout << "PostgreSQL test cluster on port " << cluster->port() << "\n";
    } else {
      if (std::filesystem::exists(state / "cluster")) pc::testing::PgCluster::Attach(state)->Stop();
      std::filesystem::remove_all(state);
    }
  } catch (const std::exception& e) {
    std::cerr << "pg_test_cluster: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
