#include "text/scanner.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include "registry/registry.h"
#include "rules/obligations.h"

namespace pc::text {

int VerdictRank(const std::string& v) {
  if (v == "controlled") return 3;
  if (v == "watch") return 2;
  if (v == "unresolved" || v == "error") return 1;
  return 0;
}

std::vector<FlagPhrase> LoadFlagPhrases(const std::filesystem::path& file) {
  auto fail = [&](const std::string& why) { return registry::RegistryError(file.filename().string() + ": " + why); };
  std::ifstream in(file);
  if (!in) throw fail("cannot read the file");
  std::vector<FlagPhrase> out;
  try {
    auto j = nlohmann::json::parse(in);
    for (const auto& group : j.at("flags")) {
      std::string flag = group.at("flag").get<std::string>();
      for (const auto& p : group.at("phrases")) {
        FlagPhrase f;
        f.flag = flag;
        if (p.is_string()) {
          f.phrase = p.get<std::string>();
        } else {
          f.phrase = p.at("phrase").get<std::string>();
          f.value = p.value("means", "");
          f.country = p.value("country", "");
          if (!f.country.empty() && (f.country.size() != 2 || !std::isupper(static_cast<unsigned char>(f.country[0])) ||
                                     !std::isupper(static_cast<unsigned char>(f.country[1]))))
            throw fail("'" + f.phrase + "': country '" + f.country + "' is not an ISO 3166-1 alpha-2 code");
        }
        if (f.phrase.empty()) throw fail("an empty phrase under '" + flag + "'");
        out.push_back(std::move(f));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw fail(e.what());
  }
  return out;
}

std::vector<std::string> ScanNames(const registry::Registry& registry, const std::vector<std::string>& extra) {
  std::vector<std::string> names;
  for (const auto& e : registry.entries()) {
    // Regimes and classes have no structure to screen a name against.
    if (e.smiles.empty()) continue;
    names.push_back(e.name);
    for (const auto& s : e.synonyms) names.push_back(s);
  }
  for (const auto& s : extra) names.push_back(s);
  return names;
}

Scanner::Screened Scanner::ScreenOne(const Mention& m, const rules::Query& query,
                                     const std::vector<std::string>& destinations) const {
  // A server scans for many dates and jurisdiction sets: the key holds them.
  std::string key = query.as_of.ToString() + "|" + std::to_string(query.conversion_depth) + "|";
  for (const auto& j : query.jurisdictions) key += j + ",";
  key += "|";
  for (const auto& d : destinations) key += d + ",";
  key += "|" + std::string(ToString(m.kind)) + ":" + m.screen_as;
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  screen::InputRecord record;
  record.text = m.screen_as;
  record.hint = m.kind == MentionKind::kCas      ? screen::InputHint::kCas
                : m.kind == MentionKind::kSmiles ? screen::InputHint::kSmiles
                                                 : screen::InputHint::kName;
  screen::ScreenOptions options;
  auto r = screener_.Screen(record, query, options);
  Screened s;
  s.input_type = r.input_type;
  s.source = r.structure_source;
  if (!r.components.empty()) s.resolved = r.components.front();
  if (r.status != rules::Status::kOk) {
    s.verdict = r.status == rules::Status::kUnresolved ? "unresolved" : "error";
    s.explanation = r.error;
  } else {
    s.verdict = std::string(rules::ToString(*r.verdict));
    std::set<std::string> entries;
    int best = -1;
    for (const auto& [code, jr] : r.jurisdictions)
      for (const auto& match : jr.matches) {
        if (match.entry) entries.insert(match.entry->id);
        if (int(match.verdict) > best) {
          best = int(match.verdict);
          s.explanation = code + ": " + match.explanation;
        }
      }
    s.entries.assign(entries.begin(), entries.end());
    if (s.explanation.empty()) s.explanation = "no listing, class, family or conversion rule matches it";
    // The duties of an export to each destination the text names, under
    // each jurisdiction screened (the seller's own country is not known, so
    // every one is shown; a jurisdiction is not its own destination).
    if (*r.verdict == rules::Verdict::kControlled) {
      for (const auto& destination : destinations) {
        registry::Transaction t;
        t.activity = registry::Activity::kExport;
        t.destination = destination;
        t.as_of = query.as_of;
        rules::AssessObligations(r, t);
        for (const auto& [code, jr] : r.jurisdictions) {
          if (code == destination) continue;
          for (const auto& a : jr.obligations)
            s.obligations.push_back({{"destination", destination},
                                     {"jurisdiction", code},
                                     {"obligation", registry::ToString(a.obligation.kind)},
                                     {"duty", registry::ToString(a.duty)},
                                     {"text", a.obligation.text},
                                     {"reason", a.reason},
                                     {"entry", a.source ? nlohmann::ordered_json(a.source->id) : nlohmann::ordered_json()}});
        }
      }
    }
  }
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() > 100000) cache_.clear();
  cache_.emplace(key, s);
  return s;
}

nlohmann::ordered_json Scanner::Scan(const Document& doc, const rules::Query& query) const {
  nlohmann::ordered_json out;
  out["id"] = doc.id;
  if (!doc.error.empty()) {
    out["verdict"] = "error";
    out["error"] = doc.error;
    out["mentions"] = nlohmann::ordered_json::array();
    out["flags"] = nlohmann::ordered_json::array();
    return out;
  }
  Findings f = finder_.Find(doc.text);
  std::vector<std::string> notes;
  // The countries the text names as destinations, in the order written.
  std::vector<std::string> destinations;
  {
    std::vector<const FlagHit*> named;
    for (const auto& hit : f.flags)
      if (!hit.country.empty()) named.push_back(&hit);
    std::sort(named.begin(), named.end(), [](const FlagHit* a, const FlagHit* b) { return a->start < b->start; });
    for (const auto* hit : named)
      if (std::find(destinations.begin(), destinations.end(), hit->country) == destinations.end())
        destinations.push_back(hit->country);
  }

  // Systematic-name candidates: the ones OPSIN reads are mentions; a word
  // OPSIN rejects is no chemical. If OPSIN cannot run, a word with locants
  // is an unresolved mention, never silently dropped.
  std::vector<Mention> mentions = std::move(f.mentions);
  std::vector<Mention> unreadable;
  if (!f.candidates.empty()) {
    const screen::NameResolver* names = screener_.name_resolver();
    std::vector<std::string> ask;
    for (const auto& c : f.candidates) {
      ask.push_back(c.screen_as);
      if (!c.fallback.empty()) ask.push_back(c.fallback);
    }
    std::vector<screen::NameReading> readings;
    if (names) readings = names->Resolve(ask);
    size_t k = 0, dropped_unread = 0;
    std::string unavailable_reason;
    for (auto& c : f.candidates) {
      const screen::NameReading* whole = names ? &readings[k] : nullptr;
      const screen::NameReading* part = names && !c.fallback.empty() ? &readings[k + 1] : nullptr;
      k += c.fallback.empty() ? 1 : 2;
      if (whole && whole->ok()) {
        mentions.push_back(c);
      } else if (part && part->ok()) {
        Mention m = c;
        m.start = c.start + c.text.find(c.fallback);
        m.end = m.start + c.fallback.size();
        m.text = m.screen_as = c.fallback;
        mentions.push_back(std::move(m));
      } else if (!names || whole->unavailable) {
        unavailable_reason = names ? whole->reason : "no systematic-name parser is configured";
        if (c.strong) {
          unreadable.push_back(c);
        } else {
          ++dropped_unread;
        }
      }
    }
    if (dropped_unread)
      notes.push_back(std::to_string(dropped_unread) + " word(s) that may be chemical names were not read: " +
                      unavailable_reason);
    for (auto& u : unreadable) u.screen_as = unavailable_reason;
  }
  // A registry name inside a longer word stands when OPSIN did not read the
  // word ("fentanyl-laced" is fentanyl; "4-(phenylamino)piperidine-1-
  // carboxylate" read by OPSIN is not 4-AP).
  std::sort(f.embedded.begin(), f.embedded.end(), [](const Mention& a, const Mention& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  auto taken = [&](const Mention& e) {
    for (const auto* list : {&mentions, &unreadable})
      for (const auto& m : *list)
        if (m.start < e.end && e.start < m.end) return true;
    return false;
  };
  for (auto& e : f.embedded)
    if (!taken(e)) mentions.push_back(std::move(e));
  std::sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) { return a.start < b.start; });

  // Offsets: bytes of the scanned text, to bytes of what was given, to characters.
  auto source_begin = [&](size_t b) -> size_t {
    if (doc.origin_begin.empty()) return b;
    return b < doc.origin_begin.size() ? doc.origin_begin[b] : doc.source.size();
  };
  auto source_end = [&](size_t e) -> size_t {
    if (doc.origin_end.empty()) return e;
    return e == 0 ? 0 : doc.origin_end[std::min(e, doc.origin_end.size()) - 1];
  };
  struct Out {
    const Mention* m;
    Screened s;
  };
  std::vector<Out> screened;
  for (const auto& m : mentions) screened.push_back({&m, ScreenOne(m, query, destinations)});
  for (const auto& u : unreadable) {
    Screened s;
    s.verdict = "unresolved";
    s.input_type = "name";
    s.explanation = "'" + u.text + "' looks like a systematic name but could not be read: " + u.screen_as;
    screened.push_back({&u, s});
  }
  std::sort(screened.begin(), screened.end(), [](const Out& a, const Out& b) { return a.m->start < b.m->start; });

  std::string verdict = "clear";
  CharacterCounter starts(doc.source), ends(doc.source);
  auto list = nlohmann::ordered_json::array();
  for (const auto& [m, s] : screened) {
    nlohmann::ordered_json j;
    j["start"] = starts.At(source_begin(m->start));
    j["end"] = ends.At(source_end(m->end));
    j["text"] = m->text;
    j["input_type"] = m->kind == MentionKind::kSystematic || m->kind == MentionKind::kName ? "name"
                                                                                          : std::string(ToString(m->kind));
    if (m->screen_as != m->text && !m->screen_as.empty() && s.explanation.find(m->screen_as) == std::string::npos)
      j["read_as"] = m->screen_as;
    j["resolved"] = s.resolved.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.resolved);
    if (!s.source.empty()) j["source"] = s.source;
    j["verdict"] = s.verdict;
    j["entries"] = s.entries;
    j["explanation"] = s.explanation;
    if (!destinations.empty() && s.verdict == "controlled") j["obligations"] = s.obligations;
    if (m->obfuscated) j["obfuscated"] = true;
    if (VerdictRank(s.verdict) > VerdictRank(verdict)) verdict = s.verdict == "error" ? "unresolved" : s.verdict;
    list.push_back(std::move(j));
  }
  out["verdict"] = verdict;
  out["mentions"] = std::move(list);
  auto flags = nlohmann::ordered_json::array();
  std::set<std::pair<std::string, std::string>> seen;
  CharacterCounter fstarts(doc.source), fends(doc.source);
  std::sort(f.flags.begin(), f.flags.end(), [](const FlagHit& a, const FlagHit& b) { return a.start < b.start; });
  for (const auto& hit : f.flags) {
    if (!seen.insert({hit.flag, hit.value}).second) continue;
    nlohmann::ordered_json flag = {{"flag", hit.flag}, {"value", hit.value}};
    if (!hit.country.empty()) flag["country"] = hit.country;
    flag["start"] = fstarts.At(source_begin(hit.start));
    flag["end"] = fends.At(source_end(hit.end));
    flags.push_back(std::move(flag));
  }
  // A name spelt to get past a filter ("fent@nyl") is itself a sign.
  CharacterCounter ostarts(doc.source), oends(doc.source);
  for (const auto& m : mentions)
    if (m.obfuscated && seen.insert({"obfuscated name", m.text}).second)
      flags.push_back({{"flag", "obfuscated name"}, {"value", m.text},
                       {"start", ostarts.At(source_begin(m.start))}, {"end", oends.At(source_end(m.end))}});
  out["flags"] = std::move(flags);
  if (!notes.empty()) out["notes"] = notes;
  return out;
}

}  // namespace pc::text
