#include "cli/context.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "names/name_parser.h"
#include "text/scanner.h"

namespace pc::cli {

std::string DataDir(const Args& args) {
  if (auto d = args.Get("data")) return *d;
  if (const char* env = std::getenv("PRECURSOR_DATA")) return env;
  return PC_DEFAULT_DATA_DIR;
}

std::shared_ptr<const registry::Registry> LoadRegistry(const Args& args) {
  return registry::Registry::Load(DataDir(args));
}

namespace {
// A registry directory without its own vocabulary file uses the bundled one.
std::filesystem::path VocabularyFile(const std::string& data_dir, const std::string& name) {
  auto file = std::filesystem::path(data_dir) / "vocabulary" / name;
  if (!std::filesystem::exists(file)) file = std::filesystem::path(PC_DEFAULT_DATA_DIR) / "vocabulary" / name;
  return file;
}
}  // namespace

std::shared_ptr<const screen::NameResolver> MakeNameParser(const std::string& data_dir,
                                                           std::shared_ptr<const registry::Registry> registry) {
  names::OpsinOptions opsin;
  if (const char* java = std::getenv("PRECURSOR_JAVA")) opsin.java = java;
  if (const char* jar = std::getenv("PRECURSOR_OPSIN_JAR")) opsin.jar = jar;
  auto vocabulary = names::NameVocabulary::Load(VocabularyFile(data_dir, "names.json"), *registry);
  return std::make_shared<names::NameParser>(std::move(registry), std::move(vocabulary), opsin);
}

std::unique_ptr<text::MentionFinder> MakeMentionFinder(const std::string& data_dir, const registry::Registry& registry) {
  auto vocabulary = names::NameVocabulary::Load(VocabularyFile(data_dir, "names.json"), registry);
  std::vector<std::string> terms;
  for (const auto& [key, term] : vocabulary.terms()) terms.push_back(term.term);
  std::sort(terms.begin(), terms.end());
  auto flags = text::LoadFlagPhrases(VocabularyFile(data_dir, "scan-flags.json"));
  std::vector<std::string> joined;
  for (const auto& j : registry.names().joined_salt_words()) joined.push_back(j.word);
  return std::make_unique<text::MentionFinder>(text::ScanNames(registry, terms), flags, chem::ParseLimits{},
                                               std::move(joined));
}

Date ParseDateOption(const Args& args, const std::string& name, Date fallback) {
  auto text = args.Get(name);
  if (!text) return fallback;
  auto d = Date::ParseDay(*text);
  if (!d) throw UsageError("--" + name + " '" + *text + "' is not a date (YYYY-MM-DD)");
  return *d;
}

rules::Query ParseQuery(const Args& args, const registry::Registry& registry) {
  rules::Query q;
  q.as_of = ParseDateOption(args, "as-of", Date::Today());
  if (auto depth = args.Get("depth")) {
    if (depth->empty() || depth->size() > 2 || depth->find_first_not_of("0123456789") != std::string::npos)
      throw UsageError("--depth must be a small whole number (0 turns early warning off)");
    q.conversion_depth = std::stoi(*depth);
  }
  auto known = registry.jurisdictions();
  if (auto list = args.Get("jurisdiction")) {
    std::stringstream ss(*list);
    std::string code;
    while (std::getline(ss, code, ',')) {
      for (auto& ch : code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
      if (code.empty()) continue;
      if (std::find(known.begin(), known.end(), code) == known.end()) {
        std::string all;
        for (const auto& k : known) all += (all.empty() ? "" : ",") + k;
        throw UsageError("--jurisdiction: unknown code '" + code + "' (known: " + all + ")");
      }
      q.jurisdictions.push_back(code);
    }
    if (q.jurisdictions.empty()) throw UsageError("--jurisdiction: no code given");
  } else {
    q.jurisdictions = known;
  }
  return q;
}

namespace {

std::optional<double> NumberOption(const Args& args, const std::string& name) {
  auto text = args.Get(name);
  if (!text) return std::nullopt;
  try {
    size_t used = 0;
    double x = std::stod(*text, &used);
    if (used == text->size() && std::isfinite(x)) return x;
  } catch (const std::exception&) {
  }
  throw UsageError("--" + name + " '" + *text + "' is not a number");
}

}  // namespace

std::optional<registry::Transaction> ParseTransaction(const Args& args, Date as_of) {
  auto destination = args.Get("destination"), unit = args.Get("unit");
  auto quantity = NumberOption(args, "quantity"), concentration = NumberOption(args, "concentration");
  if (!destination && !unit && !quantity && !concentration) return std::nullopt;
  registry::Transaction t;
  t.as_of = as_of;
  t.destination = destination.value_or("");
  for (auto& ch : t.destination) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  t.quantity = quantity;
  t.unit = unit.value_or("");
  t.concentration_percent = concentration;
  if (auto p = registry::Problem(t)) throw UsageError("--" + p->field + ": " + p->reason);
  return t;
}

}  // namespace pc::cli
