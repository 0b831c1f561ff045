// The web interface's files (web/: index.html, app.js, pages/*.js,
// style.css, and OpenChemLib's module from web/node_modules) served by
// `precursor serve` beside the API. Every GET outside /api/ is a file under
// the web directory; a path without an extension is the single-page app's
// index.html (client-side routes).
//
// Only files of the types the site is made of are served, and only from
// inside the web directory as it is on disk: the requested path is
// resolved (symbolic links included) and must lie under the resolved
// folder. A request for an absolute path ("//var/lib/.../precursor.db",
// "/%2Fetc%2Fpasswd": cpp-httplib decodes %2F to a slash) or for a link
// that leads outside gets 404, as do dotfiles and the end-to-end tests
// (web/e2e). Serving the SQLite database through another file handle
// would also drop SQLite's POSIX locks on it (closing any handle on a
// file releases every lock the process holds on it).
#pragma once

#include <string>

namespace httplib {
class Server;
}

namespace pc::http {

// Registers GET handlers for every path not under /api/. Files are read on
// each request (no cache). `web_dir` is given by the caller (the serve
// command's configuration).
void RegisterStaticFiles(httplib::Server& server, const std::string& web_dir);

}  // namespace pc::http
