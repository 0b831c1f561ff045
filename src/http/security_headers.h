// Headers every response carries (API, web interface, errors), so that a
// browser gives a page of ours the least it needs:
//
// - Content-Security-Policy: scripts and styles only from this server, no
//   inline script (web/ has none: every script is a module file, every
//   handler attached by addEventListener), nothing framed or framing us,
//   no plugins, forms and base URLs to this server only. Styles may be
//   inline because OpenChemLib's structure editor writes its own style
//   element; images may be data: (the editor's cursors) and blob: (SVG
//   depictions fetched from the API are shown through object URLs).
// - frame-ancestors 'none' and X-Frame-Options: DENY: no clickjacking
//   (the latter for browsers without CSP level 2).
// - X-Content-Type-Options: nosniff: a response is only what its
//   Content-Type says (an uploaded document is never run as a script).
// - Referrer-Policy: no-referrer: URLs (application ids, licence numbers)
//   never leave in a Referer header.
#pragma once

#include <httplib.h>

namespace pc::http {

httplib::Headers SecurityHeaders();

}  // namespace pc::http
