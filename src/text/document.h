// A document to scan: one marketplace listing, web page or customs goods
// description. The text scanned is UTF-8; for HTML it is the visible text,
// and each of its bytes remembers where it came from in the page, so that a
// mention's offsets point into what the user gave.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pc::text {

struct Document {
  std::string id;
  // What was given (the raw page for HTML); offsets are characters of it.
  std::string source;
  // What is scanned: `source` itself, or the visible text of an HTML page.
  std::string text;
  // For HTML only: for each byte of `text`, the byte range of `source` it
  // was read from (an entity such as "&amp;" is one range). Empty: identity.
  std::vector<uint32_t> origin_begin, origin_end;
  // Set when the document could not be read (binary, broken encoding, too
  // large); such a document is reported with this reason, never scanned.
  std::string error;
};

// Limits that keep a hostile file from costing unbounded memory or time.
struct DocumentLimits {
  size_t max_bytes = 8u << 20;       // one document
  size_t max_line_bytes = 1u << 20;  // one line of a text document
};

// Why `bytes` is no readable text: NUL bytes (binary), bytes that are not
// UTF-8 (naming the offset), a line over the limit. Empty when it is fine.
std::string TextProblem(const std::string& bytes, const DocumentLimits& limits, bool check_lines);

// Reads `doc.source` as HTML into `doc.text` and the origin maps: the text
// of the page as a browser shows it (no tags, script or style; entities
// decoded; block elements and <br> separate words, inline ones do not).
void ReadHtml(Document& doc);
// Whether text starts like an HTML page or fragment ("<!DOCTYPE", "<html",
// a tag among the first bytes).
bool LooksLikeHtml(const std::string& bytes);

// Characters (code points) of `source` before byte `offset`, for a sorted
// sequence of offsets: counts once across them.
class CharacterCounter {
 public:
  explicit CharacterCounter(const std::string& s) : s_(s) {}
  size_t At(size_t byte_offset);

 private:
  const std::string& s_;
  size_t byte_ = 0, chars_ = 0;
};

}  // namespace pc::text
