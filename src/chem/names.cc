#include "chem/names.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "common/error.h"

namespace pc::chem {
namespace {

// UTF-8 spellings folded before anything else.
const std::pair<std::string_view, std::string_view> kFolds[] = {
    {"α", "alpha"}, {"Α", "alpha"}, {"β", "beta"},  {"Β", "beta"},  {"γ", "gamma"},
    {"Γ", "gamma"}, {"δ", "delta"}, {"Δ", "delta"}, {"ω", "omega"}, {"Ω", "omega"},
    {"‐", "-"},     {"‑", "-"},     {"‒", "-"},     {"–", "-"},     {"—", "-"},
    {"−", "-"},     {"′", "'"},     {"’", "'"},     {"‘", "'"},     {"ʹ", "'"},
    {"\xC2\xA0", " "},  // no-break space
};

// What separates the words of a name.
constexpr std::string_view kSpaces = " \t\n\r\f\v";

// Case and bracket shape do not tell names apart.
char FoldChar(char c) {
  if (c >= 'A' && c <= 'Z') return char(c - 'A' + 'a');
  if (c == '[' || c == '{') return '(';
  if (c == ']' || c == '}') return ')';
  return c;
}

std::string Fold(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    bool folded = false;
    // Every spelling folded is a multi-byte UTF-8 sequence.
    if (static_cast<unsigned char>(in[i]) >= 0x80) {
      for (const auto& [from, to] : kFolds) {
        if (in.substr(i, from.size()) == from) {
          out += to;
          i += from.size();
          folded = true;
          break;
        }
      }
    }
    if (folded) continue;
    out.push_back(FoldChar(in[i++]));
  }
  return out;
}

}  // namespace

NameNormalizer::NameNormalizer(std::set<std::string> salt_words, std::vector<JoinedSaltWord> joined)
    : salt_words_(std::move(salt_words)), joined_(std::move(joined)) {
  std::stable_sort(joined_.begin(), joined_.end(),
                   [](const JoinedSaltWord& a, const JoinedSaltWord& b) { return a.word.size() > b.word.size(); });
}

NameNormalizer NameNormalizer::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path + ": cannot open salt-word list");
  std::set<std::string> words;
  std::vector<JoinedSaltWord> joined;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto where = path + " line " + std::to_string(number) + ": ";
    auto space = line.find(' ');
    std::string word = line.substr(0, space);
    bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
      if (space != std::string::npos) throw InvalidData(where + "an English salt word stands alone on its line");
      words.insert(Fold(word));
      continue;
    }
    std::string means = space == std::string::npos ? "" : line.substr(space + 1);
    if (means.empty() || means.find(' ') != std::string::npos || !words.count(Fold(means)))
      throw InvalidData(where + "'" + word + "' needs the English salt word it means (one listed above it)");
    joined.push_back({word, Fold(means)});
  }
  return NameNormalizer(std::move(words), std::move(joined));
}

NormalizedName NameNormalizer::Normalize(std::string_view name) const {
  NormalizedName out;
  // The key: the words folded, without hyphens, underscores (spellings of
  // one name differ in them) or trailing commas.
  auto append_to_key = [&out](std::string_view word) {
    for (char c : word)
      if (c != '-' && c != '_') out.key.push_back(FoldChar(c));
  };
  if (std::all_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x80 && kSpaces.find(c) == std::string_view::npos;
      })) {
    // One ASCII word (every SMILES, most CAS RNs and codes): no UTF-8
    // spelling to fold, no salt word to split off; keyed in one pass.
    out.key.reserve(name.size());
    append_to_key(name);
  } else {
    std::string folded = Fold(name);
    // Words are separated by spaces, commas between words, or parentheses
    // around a salt word: "fentanyl (citrate)", "4-AP, dihydrochloride".
    std::vector<std::string> words;
    for (size_t i = 0; i < folded.size();) {
      size_t end = folded.find_first_of(kSpaces, i);
      if (end == std::string::npos) end = folded.size();
      if (end > i) words.push_back(folded.substr(i, end - i));
      i = end + 1;
    }
    auto strip = [](std::string w) {
      while (!w.empty() && (w.front() == '(' || w.front() == ',')) w.erase(w.begin());
      while (!w.empty() && (w.back() == ')' || w.back() == ',' || w.back() == ';')) w.pop_back();
      return w;
    };
    // A salt word after a space, in English or joined-script spelling
    // ("4-哌啶酮 盐酸盐" reads as "4-哌啶酮盐酸盐").
    auto salt_word = [&](const std::string& w) -> std::string {
      if (salt_words_.count(w)) return w;
      for (const auto& j : joined_)
        if (j.word == w) return j.means;
      return "";
    };
    while (words.size() > 1 && !salt_word(strip(words.back())).empty()) {
      out.salt_words.insert(out.salt_words.begin(), salt_word(strip(words.back())));
      words.pop_back();
    }
    // Joined to the last word: "4-哌啶酮盐酸盐", "…二盐酸盐一水合物".
    for (bool more = !words.empty(); more;) {
      more = false;
      std::string& last = words.back();
      for (const auto& j : joined_) {
        if (last.size() > j.word.size() && last.compare(last.size() - j.word.size(), j.word.size(), j.word) == 0) {
          last.erase(last.size() - j.word.size());
          out.salt_words.insert(out.salt_words.begin(), j.means);
          more = true;
          break;
        }
      }
    }
    for (const auto& w : words) append_to_key(w);
  }
  while (!out.key.empty() && out.key.back() == ',') out.key.pop_back();
  return out;
}

}  // namespace pc::chem
