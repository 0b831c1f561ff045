#include "text/document.h"

#include <gumbo.h>

#include <algorithm>
#include <cstring>

namespace pc::text {
namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when none starts there
// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
size_t Utf8Length(const std::string& s, size_t i) {
  auto b = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  unsigned c = b(i);
  auto cont = [&](size_t k) { return (b(k) & 0xC0) == 0x80; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned c1 = b(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) return 0;
    return cont(i + 1) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned c1 = b(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) return 0;
    return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsInline(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_I: case GUMBO_TAG_EM: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SPAN: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_SMALL: case GUMBO_TAG_U:
    case GUMBO_TAG_FONT: case GUMBO_TAG_CODE: case GUMBO_TAG_MARK: case GUMBO_TAG_ABBR: case GUMBO_TAG_S:
    case GUMBO_TAG_BIG: case GUMBO_TAG_TT: case GUMBO_TAG_WBR: case GUMBO_TAG_INS: case GUMBO_TAG_DEL:
    case GUMBO_TAG_Q: case GUMBO_TAG_CITE: case GUMBO_TAG_DFN: case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP:
    case GUMBO_TAG_VAR: case GUMBO_TAG_BDI: case GUMBO_TAG_BDO: case GUMBO_TAG_TIME: case GUMBO_TAG_DATA:
      return true;
    default:
      return false;
  }
}

struct HtmlWalker {
  Document& doc;
  void Separator(uint32_t at) {
    if (!doc.text.empty() && doc.text.back() != '\n') {
      doc.text.push_back('\n');
      doc.origin_begin.push_back(at);
      doc.origin_end.push_back(at);
    }
  }
  // The decoded text of a text node, aligned with its original bytes: equal
  // bytes map one to one; an entity ("&amp;", "&#x41;") maps the character it
  // decodes to onto the whole entity.
  void Text(const GumboText& t) {
    const std::string decoded = t.text;
    const char* orig = t.original_text.data;
    size_t olen = t.original_text.length;
    uint32_t base = uint32_t(t.start_pos.offset);
    size_t i = 0, j = 0;
    while (j < decoded.size()) {
      // "&amp;" decodes to "&", equal to its first byte: an entity is told
      // from a literal "&" by what follows.
      size_t entity_end = i;
      if (i < olen && orig[i] == '&') {
        entity_end = i + 1;
        while (entity_end < olen && entity_end < i + 40 && orig[entity_end] != ';' && orig[entity_end] != '&' &&
               orig[entity_end] != '<' && !IsSpaceByte(orig[entity_end]))
          ++entity_end;
        if (entity_end < olen && orig[entity_end] == ';') ++entity_end;
        if (decoded.compare(j, entity_end - i, orig + i, entity_end - i) == 0) entity_end = i;  // literal
      }
      if (entity_end == i && i < olen && orig[i] == decoded[j]) {
        doc.text.push_back(decoded[j]);
        doc.origin_begin.push_back(base + uint32_t(i));
        doc.origin_end.push_back(base + uint32_t(i) + 1);
        ++i, ++j;
        continue;
      }
      if (i < olen && orig[i] == '\r') {  // CR LF read as LF
        ++i;
        continue;
      }
      size_t e = entity_end > i ? entity_end : std::min(i + 1, olen);
      size_t len = std::max<size_t>(1, Utf8Length(decoded, j));
      for (size_t k = 0; k < len && j < decoded.size(); ++k, ++j) {
        doc.text.push_back(decoded[j]);
        doc.origin_begin.push_back(base + uint32_t(std::min(i, olen)));
        doc.origin_end.push_back(base + uint32_t(std::min(e, olen)));
      }
      i = e;
    }
  }
  void Walk(const GumboNode* node) {
    switch (node->type) {
      case GUMBO_NODE_DOCUMENT:
        for (unsigned k = 0; k < node->v.document.children.length; ++k)
          Walk(static_cast<const GumboNode*>(node->v.document.children.data[k]));
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& el = node->v.element;
        if (el.tag == GUMBO_TAG_SCRIPT || el.tag == GUMBO_TAG_STYLE || el.tag == GUMBO_TAG_TEMPLATE ||
            node->type == GUMBO_NODE_TEMPLATE)
          return;
        bool block = !IsInline(el.tag);
        if (block) Separator(uint32_t(el.start_pos.offset));
        for (unsigned k = 0; k < el.children.length; ++k)
          Walk(static_cast<const GumboNode*>(el.children.data[k]));
        if (block) Separator(uint32_t(el.end_pos.offset));
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        Text(node->v.text);
        break;
      default:
        break;
    }
  }
};

}  // namespace

std::string TextProblem(const std::string& bytes, const DocumentLimits& limits, bool check_lines) {
  if (bytes.size() > limits.max_bytes)
    return "the document is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
           std::to_string(limits.max_bytes);
  if (auto nul = bytes.find('\0'); nul != std::string::npos)
    return "a NUL byte at offset " + std::to_string(nul) + ": binary data, not text";
  size_t line_start = 0, line = 1;
  for (size_t i = 0; i < bytes.size();) {
    if (bytes[i] == '\n') {
      line_start = i + 1;
      ++line;
      ++i;
      continue;
    }
    if (check_lines && i - line_start > limits.max_line_bytes)
      return "line " + std::to_string(line) + " is longer than " + std::to_string(limits.max_line_bytes) +
             " bytes: not a text listing";
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = Utf8Length(bytes, i);
    if (n == 0)
      return "byte " + std::to_string(i) + " (line " + std::to_string(line) +
             ") is not UTF-8; convert the file to UTF-8 (iconv -f ENCODING -t UTF-8)";
    i += n;
  }
  return "";
}

bool LooksLikeHtml(const std::string& bytes) {
  size_t i = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (i < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[i]))) ++i;
  if (i >= bytes.size() || bytes[i] != '<') return false;
  std::string head = bytes.substr(i, 64);
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 ||
         (head.size() > 1 && (std::isalpha(static_cast<unsigned char>(head[1])) || head[1] == '!'));
}

void ReadHtml(Document& doc) {
  doc.text.clear();
  doc.origin_begin.clear();
  doc.origin_end.clear();
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, doc.source.data(), doc.source.size());
  HtmlWalker walker{doc};
  walker.Walk(out->document);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
}

size_t CharacterCounter::At(size_t byte_offset) {
  if (byte_offset < byte_) {
    byte_ = 0;
    chars_ = 0;
  }
  while (byte_ < byte_offset && byte_ < s_.size()) {
    if ((static_cast<unsigned char>(s_[byte_]) & 0xC0) != 0x80) ++chars_;
    ++byte_;
  }
  return chars_;
}

}  // namespace pc::text
