#include "http/static_files.h"

#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/server.h"

namespace pc::http {

namespace fs = std::filesystem;

std::string DefaultWebDir() {
  if (const char* env = std::getenv("PRECURSOR_WEB"); env && *env) return env;
#ifdef PC_WEB_DIR
  return PC_WEB_DIR;
#else
  return "web";
#endif
}

namespace {

std::string ContentType(const std::string& ext) {
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".wasm") return "application/wasm";
  return "application/octet-stream";
}

bool ReadFile(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

void RegisterStaticFiles(httplib::Server& server, const std::string& web_dir) {
  fs::path root = fs::weakly_canonical(fs::path(web_dir));
  // Everything but /api/... (the API's own 404 handles unknown API routes).
  server.Get(R"(/(?!api/)(.*))", [root](const httplib::Request& req, httplib::Response& res) {
    std::string rel = req.matches[1];
    // The end-to-end tests and their dependencies are not part of the site.
    if (rel.find("..") != std::string::npos || rel.rfind("e2e", 0) == 0 || rel.find("/.") != std::string::npos ||
        (!rel.empty() && rel[0] == '.')) {
      SendError(res, 404, "", "no such file: /" + rel);
      return;
    }
    fs::path file = root / rel;
    // Client-side routes (no extension) and / are the app itself.
    if (rel.empty() || !file.has_extension()) file = root / "index.html";
    std::string body;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec) || !ReadFile(file, body)) {
      SendError(res, 404, "", "no such file: /" + rel);
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(std::move(body), ContentType(file.extension().string()));
  });
}

}  // namespace pc::http
