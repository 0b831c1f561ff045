#include "text/mention_finder.h"

#include <hs/hs.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "chem/cas.h"
#include "common/error.h"

namespace pc::text {
namespace {

constexpr unsigned kCasId = 0;
constexpr unsigned kNameBase = 1;
constexpr unsigned kFlagBase = 1u << 24;

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Membership in a small set of characters, by table: these tests run on
// every byte of every document.
struct CharSet {
  bool in[256] = {};
  constexpr CharSet(std::string_view chars, bool alnum = false) {
    for (char c : chars) in[static_cast<unsigned char>(c)] = true;
    if (alnum)
      for (int c = 0; c < 256; ++c)
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) in[c] = true;
  }
  bool operator()(char c) const { return in[static_cast<unsigned char>(c)]; }
};
constexpr CharSet kSmilesChars("@+-[]()=#$%/\\.:*~", true);
constexpr CharSet kNameChars("-,()[]'+", true);
constexpr CharSet kLeadTrim("\"'<{*");
constexpr CharSet kTailTrim(".,;:!?\"'>}*");
constexpr CharSet kStructural("()[]=#");
constexpr CharSet kAtoms("BCNOPSFIcnos");

// Letters sellers swap for look-alikes: "fent@nyl", "f3ntanyl", "carf3nt4nil".
const char* LookAlikes(char c) {
  switch (c) {
    case 'a': return "a4@";
    case 'e': return "e3";
    case 'i': return "i1!|";
    case 'l': return "l1|";
    case 'o': return "o0";
    case 's': return "s5$";
    case 't': return "t7+";
    case 'b': return "b8";
    case 'g': return "g9";
    default: return nullptr;
  }
}

std::string Hex(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  return buf;
}

// A hyphen, space or underscore in a name may be written as any of them,
// as a Unicode dash, or left out ("4-ANPP", "4 ANPP", "4ANPP", "4‐ANPP").
const char kSeparator[] = "(?:[- \\t_]|\\xe2\\x80[\\x90-\\x95])?";
// Characters put between the letters of a name to break it up.
const char kBreak[] = "[ \\t\\-_.*]?";

// The Hyperscan expression for one name. An acronym ("PMK", "GBL") matches
// in its own case only, so that ordinary words do not; a long name also
// matches with look-alike characters and broken up. Names that start or end
// with a letter or digit must stand as a word.
std::string NamePattern(const std::string& name, bool& caseless) {
  size_t alnum = 0, upper = 0;
  for (unsigned char c : name) {
    if (IsAsciiAlnum(c)) ++alnum;
    if (std::isupper(c) && c < 0x80) ++upper;
  }
  bool acronym = alnum <= 5 && upper >= 2;
  caseless = !acronym;
  bool flexible = alnum >= 7;
  std::string p;
  auto first = static_cast<unsigned char>(name.front()), last = static_cast<unsigned char>(name.back());
  if (IsAsciiAlnum(first)) p += "\\b";
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    bool interior = i > 0 && i + 1 < name.size();
    if (c == ' ' || c == '-' || c == '_') {
      p += kSeparator;
      continue;
    }
    if (c >= 0x80) {
      p += Hex(c);
      continue;
    }
    const char* alike = flexible && interior ? LookAlikes(char(std::tolower(c))) : nullptr;
    if (alike) {
      p += "[";
      for (const char* a = alike; *a; ++a) p += std::isalnum(static_cast<unsigned char>(*a)) ? std::string(1, *a) : Hex(*a);
      p += "]";
    } else if (IsAsciiAlnum(c)) {
      p += char(c);
    } else {
      p += Hex(c);
    }
    // Broken up: one separator allowed between two letters or digits.
    if (flexible && i + 1 < name.size() && IsAsciiAlnum(c) && IsAsciiAlnum(static_cast<unsigned char>(name[i + 1])))
      p += kBreak;
  }
  if (IsAsciiAlnum(last)) p += "\\b";
  return p;
}

std::string LiteralPattern(const std::string& phrase) {
  std::string p;
  if (IsAsciiAlnum(static_cast<unsigned char>(phrase.front()))) p += "\\b";
  for (unsigned char c : phrase) p += c == ' ' ? std::string("[ \\t]+") : IsAsciiAlnum(c) ? std::string(1, char(c)) : Hex(c);
  if (IsAsciiAlnum(static_cast<unsigned char>(phrase.back()))) p += "\\b";
  return p;
}

// Letters and digits only, lower case: how a match is compared with its
// name to tell an obfuscated spelling from a plain one.
std::string Skeleton(std::string_view s) {
  std::string k;
  for (unsigned char c : s)
    if (IsAsciiAlnum(c) || c >= 0x80) k += char(std::tolower(c));
  return k;
}

// Whether the text around a match goes on as one chemical name: a locant
// or bracket joined by a hyphen ("…piperidine-1-carboxylate"), or a closing
// bracket or locant comma before it ("(phenylamino)piperidine", "3,4-…").
bool ContinuesAfter(const std::string& t, size_t to) {
  if (to >= t.size()) return false;
  char c = t[to];
  if (c == '(' || c == '[') return true;
  return c == '-' && to + 1 < t.size() &&
         (std::isalnum(static_cast<unsigned char>(t[to + 1])) || t[to + 1] == '(' || t[to + 1] == '[');
}
bool ContinuesBefore(const std::string& t, size_t from) {
  if (from == 0) return false;
  char c = t[from - 1];
  if (c == ')' || c == ']') return true;
  if (from < 2) return false;
  char b = t[from - 2];
  if (c == '-') return std::isalnum(static_cast<unsigned char>(b)) || b == ')' || b == ']';
  return c == ',' && std::isdigit(static_cast<unsigned char>(b));
}

struct Hit {
  unsigned id;
  size_t from, to;
};

int OnMatch(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
  auto* hits = static_cast<std::vector<Hit>*>(ctx);
  if (hits->size() > 1000000) return 1;  // enough: stop this document's scan
  hits->push_back({id, size_t(from), size_t(to)});
  return 0;
}

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Characters a SMILES is made of.
bool IsSmilesChar(unsigned char c) { return kSmilesChars(char(c)); }

bool LooksLikeSmiles(std::string_view t) {
  if (t.size() < 3) return false;
  bool structural = false, atom = false;
  for (size_t i = 0; i < t.size(); ++i) {
    auto c = static_cast<unsigned char>(t[i]);
    if (!IsSmilesChar(c)) return false;
    if (kStructural(char(c))) structural = true;
    if (std::isdigit(c) && i > 0 && std::isalpha(static_cast<unsigned char>(t[i - 1]))) structural = true;
    if (kAtoms(char(c))) atom = true;
  }
  return structural && atom;
}

// Word endings of systematic and trivial chemical names: enough to send a
// word to OPSIN, which decides.
bool HasChemicalEnding(std::string_view w) {
  if (w.size() < 6) return false;
  // Every ending below ends in one of these letters.
  char last = char(std::tolower(static_cast<unsigned char>(w.back())));
  if (last != 'e' && last != 'l' && last != 'c' && last != 'd') return false;
  static const std::pair<std::string_view, size_t> kEndings[] = {
      {"amine", 6}, {"amide", 6}, {"anol", 6}, {"enol", 6}, {"anone", 7}, {"enone", 7}, {"idine", 7},
      {"idone", 7}, {"oate", 6}, {"oic", 6}, {"ylate", 7}, {"nitrile", 8}, {"ane", 6}, {"ene", 7},
      {"ol", 7}, {"one", 8}, {"ide", 8}, {"ate", 9}, {"azole", 7}, {"ine", 9}};
  for (const auto& [e, min] : kEndings) {
    if (w.size() < min) continue;
    bool same = true;
    for (size_t i = 0; i < e.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(w[w.size() - e.size() + i])) == e[i];
    if (same) return true;
  }
  return false;
}

// Locants and enclosing marks: "2-(methylamino)", "1,4-", "-2-one".
bool HasLocants(std::string_view w) {
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    auto a = static_cast<unsigned char>(w[i]), b = static_cast<unsigned char>(w[i + 1]);
    if (std::isdigit(a) && (b == '-' || b == ',') && i + 2 < w.size() &&
        (std::isalpha(static_cast<unsigned char>(w[i + 2])) || w[i + 2] == '(' || w[i + 2] == '['))
      return true;
    if (a == '-' && std::isdigit(b) && i > 0 && std::isalpha(static_cast<unsigned char>(w[i - 1]))) return true;
  }
  return false;
}

size_t LongestLetterRun(std::string_view w) {
  size_t best = 0, run = 0;
  for (unsigned char c : w) {
    run = std::isalpha(c) && c < 0x80 ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

bool IsNameChar(unsigned char c) { return kNameChars(char(c)); }

// A word that extends a systematic name to its left ("benzyl", "tert-butyl",
// "sodium") or right ("acid", "hydrochloride").
bool JoinsLeft(const std::string& w) {
  std::string l;
  for (unsigned char c : w) l += char(std::tolower(c));
  if (l.size() >= 4 && l.compare(l.size() - 2, 2, "yl") == 0) return true;
  for (const char* s : {"sodium", "potassium", "lithium", "calcium", "ammonium", "magnesium"})
    if (l == s) return true;
  return false;
}
bool JoinsRight(const std::string& w) {
  std::string l;
  for (unsigned char c : w) l += char(std::tolower(c));
  for (const char* s : {"acid", "anhydride", "hydrochloride", "hydrobromide", "ester", "oxide", "chloride",
                        "bromide", "hydrate", "monohydrate", "salt"})
    if (l == s) return true;
  return false;
}

struct Token {
  size_t start, end;
};

// Words split at white space, trimmed of the punctuation around them.
std::vector<Token> Tokens(const std::string& text) {
  std::vector<Token> out;
  size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && IsSpace(static_cast<unsigned char>(text[i]))) ++i;
    size_t s = i;
    while (i < n && !IsSpace(static_cast<unsigned char>(text[i]))) ++i;
    size_t e = i;
    while (s < e && kLeadTrim(text[s])) ++s;
    while (e > s && kTailTrim(text[e - 1])) --e;
    // Unbalanced closing marks belong to the sentence, not the word.
    for (;;) {
      int depth = 0;
      for (size_t k = s; k < e; ++k) depth += text[k] == '(' || text[k] == '[' ? 1 : text[k] == ')' || text[k] == ']' ? -1 : 0;
      if (depth < 0 && e > s && (text[e - 1] == ')' || text[e - 1] == ']')) --e;
      else if (depth > 0 && (text[s] == '(' || text[s] == '[')) ++s;
      else break;
    }
    if (e > s) out.push_back({s, e});
  }
  return out;
}

}  // namespace

std::string_view ToString(MentionKind kind) {
  switch (kind) {
    case MentionKind::kCas: return "cas";
    case MentionKind::kName: return "name";
    case MentionKind::kSmiles: return "smiles";
    case MentionKind::kSystematic: return "name";
  }
  return "name";
}

MentionFinder::MentionFinder(const std::vector<std::string>& names, const std::vector<FlagPhrase>& flags,
                             chem::ParseLimits limits, std::vector<std::string> joined_salt_words)
    : flags_(flags), joined_(std::move(joined_salt_words)), limits_(limits) {
  std::stable_sort(joined_.begin(), joined_.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  // One pattern per distinct spelling (case aside).
  std::vector<std::string> seen;
  for (const auto& n : names) {
    if (n.empty() || n.size() > 300 || Skeleton(n).size() < 2) continue;
    std::string low;
    for (unsigned char c : n) low += char(std::tolower(c));
    if (std::find(seen.begin(), seen.end(), low) != seen.end()) continue;
    seen.push_back(low);
    names_.push_back(n);
  }
  std::vector<std::string> expressions;
  std::vector<unsigned> flag_bits, ids;
  expressions.push_back("\\b[1-9][0-9]{1,6}-[0-9]{2}-[0-9]\\b");
  flag_bits.push_back(HS_FLAG_SOM_LEFTMOST);
  ids.push_back(kCasId);
  for (size_t i = 0; i < names_.size(); ++i) {
    bool caseless = true;
    expressions.push_back(NamePattern(names_[i], caseless));
    flag_bits.push_back(HS_FLAG_SOM_LEFTMOST | (caseless ? HS_FLAG_CASELESS : 0));
    ids.push_back(kNameBase + unsigned(i));
  }
  for (size_t i = 0; i < flags_.size(); ++i) {
    expressions.push_back(LiteralPattern(flags_[i].phrase));
    bool acronym = flags_[i].phrase.size() <= 4;
    flag_bits.push_back(HS_FLAG_SOM_LEFTMOST | (acronym ? 0 : HS_FLAG_CASELESS));
    ids.push_back(kFlagBase + unsigned(i));
  }
  std::vector<const char*> c_expressions;
  for (const auto& e : expressions) c_expressions.push_back(e.c_str());
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(c_expressions.data(), flag_bits.data(), ids.data(), unsigned(c_expressions.size()),
                       HS_MODE_BLOCK, nullptr, &db_, &error) != HS_SUCCESS) {
    std::string why = error && error->message ? error->message : "unknown";
    std::string which = error && error->expression >= 0 ? expressions[size_t(error->expression)] : "";
    hs_free_compile_error(error);
    throw InvalidData("the scan's name patterns do not compile (Hyperscan: " + why + ") " + which);
  }
  patterns_ = expressions.size();
  if (hs_alloc_scratch(db_, &prototype_) != HS_SUCCESS) {
    hs_free_database(db_);
    throw Unavailable("Hyperscan could not allocate scratch space");
  }
}

MentionFinder::~MentionFinder() {
  for (auto* s : scratch_pool_) hs_free_scratch(s);
  if (prototype_) hs_free_scratch(prototype_);
  if (db_) hs_free_database(db_);
}

hs_scratch* MentionFinder::TakeScratch() const {
  {
    std::lock_guard lock(scratch_mutex_);
    if (!scratch_pool_.empty()) {
      auto* s = scratch_pool_.back();
      scratch_pool_.pop_back();
      return s;
    }
  }
  hs_scratch_t* s = nullptr;
  if (hs_clone_scratch(prototype_, &s) != HS_SUCCESS) throw Unavailable("Hyperscan could not allocate scratch space");
  return s;
}

void MentionFinder::ReturnScratch(hs_scratch* s) const {
  std::lock_guard lock(scratch_mutex_);
  scratch_pool_.push_back(s);
}

Findings MentionFinder::Find(const std::string& text) const {
  Findings f;
  std::vector<Hit> hits;
  auto* scratch = TakeScratch();
  hs_error_t rc = hs_scan(db_, text.data(), unsigned(text.size()), 0, scratch, OnMatch, &hits);
  ReturnScratch(scratch);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) throw Unavailable("Hyperscan scan failed (" + std::to_string(rc) + ")");

  // Leftmost, then longest: "1-boc-4-AP" over the "4-AP" inside it,
  // "diethyl ether" over "ether".
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.from != b.from ? a.from < b.from : a.to > b.to;
  });
  size_t covered = 0;
  for (const auto& h : hits) {
    if (h.id >= kFlagBase) {
      const auto& p = flags_[h.id - kFlagBase];
      f.flags.push_back(
          {p.flag, p.value.empty() ? text.substr(h.from, h.to - h.from) : p.value, p.country, h.from, h.to});
      continue;
    }
    if (h.from < covered) continue;
    // A name inside a longer name ("piperidine" in "4-(phenylamino)piperidine-
    // 1-carboxylate") is not yet a mention: OPSIN reads the longer one, and
    // only if it cannot is the inner name kept (Findings::embedded).
    bool inside = h.id != kCasId && (ContinuesBefore(text, h.from) || ContinuesAfter(text, h.to));
    Mention m;
    m.start = h.from;
    m.end = h.to;
    m.text = text.substr(h.from, h.to - h.from);
    if (h.id == kCasId) {
      auto cas = chem::ValidCas(m.text);
      if (!cas) continue;  // a wrong check digit: a number, not a CAS RN
      m.kind = MentionKind::kCas;
      m.screen_as = *cas;
    } else {
      m.kind = MentionKind::kName;
      m.screen_as = names_[h.id - kNameBase];
      // Look-alike characters, or more breaks than the name has: "fent@nyl",
      // "f e n t a n y l" (a hyphen written as a space, or dropped, is not).
      auto breaks = [](const std::string& s) {
        return std::count_if(s.begin(), s.end(), [](char c) { return !IsAsciiAlnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80; });
      };
      m.obfuscated = Skeleton(m.text) != Skeleton(m.screen_as) || breaks(m.text) > breaks(m.screen_as);
      // Salt words written joined to the name belong to it: "4-哌啶酮盐酸盐"
      // is screened as the hydrochloride (and is not also "盐酸",
      // hydrochloric acid, inside "盐酸盐").
      for (bool more = !inside; more;) {
        more = false;
        for (const auto& j : joined_)
          if (text.compare(m.end, j.size(), j) == 0) {
            m.end += j.size();
            m.screen_as += j;
            more = true;
            break;
          }
      }
      m.text = text.substr(m.start, m.end - m.start);
    }
    if (inside) {
      f.embedded.push_back(std::move(m));
      continue;
    }
    covered = m.end;
    f.mentions.push_back(std::move(m));
  }

  // Words outside those mentions: SMILES, or candidates for OPSIN.
  auto overlaps = [&](size_t s, size_t e) {
    auto it = std::lower_bound(f.mentions.begin(), f.mentions.end(), s,
                               [](const Mention& m, size_t at) { return m.end <= at; });
    return it != f.mentions.end() && it->start < e;
  };
  std::vector<Token> tokens = Tokens(text);
  std::vector<Mention> smiles;
  for (size_t k = 0; k < tokens.size(); ++k) {
    const auto [s, e] = tokens[k];
    // Most words of a listing are plain words too short for a chemical
    // ending and with nothing of a SMILES or locant: no copy, no test.
    if (e - s < 6) {
      bool plain = true;
      for (size_t i = s; i < e && plain; ++i) plain = std::islower(static_cast<unsigned char>(text[i])) != 0;
      if (plain) continue;
    }
    if (overlaps(s, e)) continue;
    std::string_view word(text.data() + s, e - s);
    if (LooksLikeSmiles(word) && !HasLocants(word)) {
      chem::ParsedMolecule parsed = chem::ParseSmiles(word, limits_);
      if (parsed && parsed.mol->getNumAtoms() >= 2) {
        Mention m;
        m.kind = MentionKind::kSmiles;
        m.start = s;
        m.end = e;
        m.text = m.screen_as = std::string(word);
        smiles.push_back(std::move(m));
        continue;
      }
    }
    bool name_chars = std::all_of(word.begin(), word.end(), [](char c) { return IsNameChar(static_cast<unsigned char>(c)); });
    if (!name_chars || LongestLetterRun(word) < 3) continue;
    bool strong = HasLocants(word) && LongestLetterRun(word) >= 4;
    if (!strong && !HasChemicalEnding(word)) continue;
    Mention m;
    m.kind = MentionKind::kSystematic;
    m.strong = strong;
    size_t ps = s, pe = e;
    // Widen over joining words: "benzyl 4-(...)...carboxylate", "phenylacetic acid".
    for (size_t l = k; l > 0 && k - l < 2; --l) {
      const auto [ls, le] = tokens[l - 1];
      std::string w = text.substr(ls, le - ls);
      if (overlaps(ls, le) || !JoinsLeft(w) || std::find(text.begin() + le, text.begin() + ps, '\n') != text.begin() + ps) break;
      ps = ls;
    }
    size_t next = k + 1;
    while (next < tokens.size() && next - k <= 2) {
      const auto [rs, re] = tokens[next];
      std::string w = text.substr(rs, re - rs);
      if (overlaps(rs, re) || !JoinsRight(w) || std::find(text.begin() + pe, text.begin() + rs, '\n') != text.begin() + rs) break;
      pe = re;
      ++next;
    }
    m.start = ps;
    m.end = pe;
    m.text = m.screen_as = text.substr(ps, pe - ps);
    if (ps != s || pe != e) m.fallback = std::string(word);
    f.candidates.push_back(std::move(m));
    k = next - 1;
  }
  for (auto& m : smiles) f.mentions.push_back(std::move(m));
  std::sort(f.mentions.begin(), f.mentions.end(), [](const Mention& a, const Mention& b) { return a.start < b.start; });
  return f;
}

}  // namespace pc::text
