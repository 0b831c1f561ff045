// The web interface's files (web/: index.html, app.js, pages/*.js,
// style.css) served by `precursor serve` beside the API. Every GET outside
// /api/ is a file under the web directory; a path without an extension is
// the single-page app's index.html (client-side routes).
#pragma once

#include <string>

namespace httplib {
class Server;
}

namespace pc::http {

// $PRECURSOR_WEB, else the source tree's web/ (compile-time default).
std::string DefaultWebDir();

// Registers GET handlers for every path not under /api/. Files are read on
// each request (no cache) and never outside `web_dir`.
void RegisterStaticFiles(httplib::Server& server, const std::string& web_dir);

}  // namespace pc::http
