// Documents from files: a plain-text file or an HTML page is one document;
// a CSV (columns id and text) or JSON Lines file ({"id": ..., "text": ...},
// "html": true for a page) holds one document per row or line. A document
// that cannot be read (binary, not UTF-8, too large, a malformed line) comes
// out with its error, and the others still come out.
#pragma once

#include <functional>
#include <istream>
#include <string>

#include "text/document.h"

namespace pc::text {

// Calls `each` with every document of `path` in order; "-" reads JSON Lines
// from `standard_input`. A file that cannot be opened is one error document.
void ReadDocuments(const std::string& path, std::istream& standard_input, const DocumentLimits& limits,
                   const std::function<void(Document&)>& each);

// A document from text given directly (an API request): HTML when `html`.
Document MakeDocument(std::string id, std::string text, bool html, const DocumentLimits& limits);

}  // namespace pc::text
