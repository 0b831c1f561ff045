// The API as the fuzzers drive it: the real service on a real SQLite file
// (in a temporary directory), the real screener and routes, registered on a
// cpp-httplib server whose request processing is fed from memory instead of
// a socket. What arrives is parsed by cpp-httplib exactly as in `serve`.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include "chem/molecule.h"
#include "http/server.h"
#include "licensing/countries.h"
#include "licensing/demo.h"
#include "licensing/service.h"
#include "registry/registry.h"
#include "store/blob_store.h"
#include "store/sqlite_store.h"

namespace pc::fuzz {

// A connection whose bytes come from the fuzzer; what the server writes is
// kept for the checks.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string input) : input_(std::move(input)) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, input_.size() - offset_);
    std::copy_n(input_.data() + offset_, n, ptr);
    offset_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    output_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "192.0.2.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  const std::string& output() const { return output_; }

 private:
  std::string input_;
  size_t offset_ = 0;
  std::string output_;
};

class MemoryServer : public httplib::Server {
 public:
  // Every request of the connection, as cpp-httplib's keep-alive loop would.
  std::string Process(std::string bytes) {
    MemoryStream stream(std::move(bytes));
    bool closed = false;
    for (int i = 0; i < 8 && !closed; ++i)
      if (!process_request(stream, false, closed, nullptr)) break;
    return stream.output();
  }
};

// One API over one database for the whole run, with the demo users; an
// exporter is signed in, so a request may carry "Bearer TOKEN".
class FuzzApi {
 public:
  static FuzzApi& Get() {
    static FuzzApi* api = new FuzzApi();
    return *api;
  }
  std::string Process(std::string bytes) {
    for (size_t at; (at = bytes.find("TOKEN")) != std::string::npos;) bytes.replace(at, 5, token_);
    return server_.Process(std::move(bytes));
  }
  const std::string& token() const { return token_; }

 private:
  FuzzApi() {
    chem::SilenceRDKitLogs();
    dir_ = std::filesystem::temp_directory_path() / ("pc-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<store::SqliteStore>(dir_ / "precursor.db");
    blobs_ = std::make_unique<store::FileBlobStore>(dir_ / "documents");
    auto screener = std::make_shared<screen::Screener>(registry::Registry::Load(PC_DATA_DIR));
    service_ = std::make_unique<licensing::Service>(
        *store_, *blobs_, screener,
        licensing::CountryMap::Load(std::string(PC_DATA_DIR) + "/licensing/countries.json"));
    licensing::Timestamp now = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    licensing::SeedDemo(*service_, *store_, now);
    const auto& users = licensing::DemoUsers();
    const auto& exporter = *std::find_if(users.begin(), users.end(), [](const auto& u) {
      return u.kind == licensing::OrgKind::kExporter;
    });
    token_ = service_->Login(exporter.username, exporter.password, "192.0.2.1", now).token;
    http::ServerOptions options;
    options.openapi_file = std::string(PC_DATA_DIR) + "/api/openapi.json";
    api_ = std::make_unique<http::Api>(*service_, *store_, options);
    api_->Register(server_);
    std::atexit([] { std::filesystem::remove_all(Get().dir_); });
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<store::FileBlobStore> blobs_;
  std::unique_ptr<licensing::Service> service_;
  std::unique_ptr<http::Api> api_;
  MemoryServer server_;
  std::string token_;
};

// cpp-httplib answers every request it parsed; an empty answer to bytes it
// accepted, or a 500, is a finding.
inline void CheckAnswer(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 500", 0) == 0) std::abort();
}

}  // namespace pc::fuzz
