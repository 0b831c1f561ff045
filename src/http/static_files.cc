#include "http/static_files.h"

#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "common/error.h"
#include "http/server.h"

namespace pc::http {

namespace fs = std::filesystem;

namespace {

// The types of file the web interface consists of. package.json and
// package-lock.json, source maps, type declarations and anything else
// under the folder are not part of the site.
std::optional<std::string> ContentType(const std::string& ext) {
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return std::nullopt;
}

// A relative path no part of which is hidden ("." first: .git, .env) or
// leads up (".."), outside the end-to-end tests' folder.
bool Servable(const fs::path& relative) {
  if (relative.empty() || relative.has_root_path()) return false;
  bool first = true;
  for (const auto& part : relative) {
    const std::string s = part.string();
    if (s.empty()) continue;  // a trailing slash
    if (s[0] == '.' || (first && s == "e2e")) return false;
    first = false;
  }
  return true;
}

// The regular file `rel` names under `root` (canonical), or nothing.
std::optional<fs::path> Resolve(const fs::path& root, const std::string& rel) {
  fs::path requested(rel);
  if (!Servable(requested)) return std::nullopt;
  std::error_code ec;
  fs::path file = fs::canonical(root / requested, ec);
  if (ec) return std::nullopt;
  // Containment on the resolved path: a link inside the folder may point
  // anywhere.
  auto [r, f] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (r != root.end() || !Servable(file.lexically_relative(root))) return std::nullopt;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  return file;
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
  std::error_code ec;
  fs::path root = fs::canonical(fs::path(web_dir), ec);
  if (ec) throw IoError("the web folder " + web_dir + " cannot be read: " + ec.message());
  // Everything but /api/... (the API's own 404 handles unknown API routes).
  server.Get(R"(/(?!api/)(.*))", [root](const httplib::Request& req, httplib::Response& res) {
    std::string rel = req.matches[1];
    // Client-side routes (no extension) and / are the app itself.
    bool app = rel.empty() || (Servable(fs::path(rel)) && !fs::path(rel).has_extension());
    auto file = Resolve(root, app ? "index.html" : rel);
    auto type = file ? ContentType(file->extension().string()) : std::nullopt;
    std::string body;
    if (!type || !ReadFile(*file, body)) {
      SendError(res, 404, "", "no such file: /" + rel.substr(0, 200));
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_content(std::move(body), *type);
  });
}

}  // namespace pc::http
