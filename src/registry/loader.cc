// Reading and validating registry data files. Every rule about what a valid
// file looks like lives here, so a reviewer can read it in one place.
#include <algorithm>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "chem/cas.h"
#include "chem/molecule.h"
#include "chem/standardize.h"
#include "registry/registry.h"

namespace pc::registry {
namespace {

using json = nlohmann::json;

const std::set<std::string> kEntryKeys = {
    "id",           "kind",           "role",     "name",     "synonyms",     "cas",        "cas_source",
    "smiles",       "formula",        "list",     "category",     "status",     "notice_date",
    "effective_date", "end_date",     "scope_text", "scope",      "citation",   "source",
    "verification", "verification_note", "unverified", "notes",   "hs_code",    "definition",
    "history"};
const std::set<std::string> kClauses = {
    "salts",  "isomers",  "salts_of_isomers", "esters", "ethers", "amides",
    "carbamates", "halides", "acetals", "salts_of_derivatives", "combinations"};
const std::set<std::string> kClauseKeys = {"clause", "effective_date", "verification", "wording",
                                           "citation"};
const std::set<std::string> kFacts = {"listing",  "category", "cas",    "citation", "notice_date",
                                      "effective_date", "status", "scope", "extensions",
                                      "substances"};

class Context {
 public:
  Context(std::string file) : file_(std::move(file)) {}
  void SetEntry(std::string id) { entry_ = std::move(id); }
  [[noreturn]] void Fail(const std::string& field, const std::string& reason) const {
    std::string where = file_;
    if (!entry_.empty()) where += ": entry '" + entry_ + "'";
    if (!field.empty()) where += ": " + field;
    throw RegistryError(where + ": " + reason);
  }

 private:
  std::string file_, entry_;
};

std::string String(const json& obj, const char* key, const Context& ctx, bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) ctx.Fail(key, "required field is missing");
    return "";
  }
  if (!it->is_string()) ctx.Fail(key, "must be a string");
  if (required && it->get<std::string>().empty()) ctx.Fail(key, "must not be empty");
  return it->get<std::string>();
}

std::vector<std::string> Strings(const json& obj, const char* key, const Context& ctx) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) ctx.Fail(key, "must be an array of strings");
  for (const auto& v : *it) {
    if (!v.is_string()) ctx.Fail(key, "must be an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<LegalDate> OptionalDate(const json& obj, const char* key, const Context& ctx) {
  std::string text = String(obj, key, ctx, false);
  if (text.empty()) return std::nullopt;
  LegalDate d;
  auto parsed = Date::ParsePartial(text, &d.precision);
  if (!parsed) ctx.Fail(key, "'" + text + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
  d.date = *parsed;
  return d;
}

Verification ParseVerification(const std::string& text, const char* key, const Context& ctx) {
  if (text == "verified") return Verification::kVerified;
  if (text == "partial") return Verification::kPartial;
  if (text == "unverified") return Verification::kUnverified;
  ctx.Fail(key, "'" + text + "' is not one of verified, partial, unverified");
}

void RejectUnknownKeys(const json& obj, const std::set<std::string>& known, const Context& ctx) {
  for (const auto& [key, value] : obj.items())
    if (!known.count(key)) ctx.Fail(key, "unknown field (typo?)");
}

ScopeClause ParseClause(const json& j, const Context& ctx) {
  if (!j.is_object()) ctx.Fail("scope", "each clause must be an object");
  RejectUnknownKeys(j, kClauseKeys, ctx);
  ScopeClause c;
  c.clause = String(j, "clause", ctx, true);
  if (!kClauses.count(c.clause)) ctx.Fail("scope", "unknown clause '" + c.clause + "'");
  c.effective = OptionalDate(j, "effective_date", ctx);
  c.verification = ParseVerification(String(j, "verification", ctx, true), "scope.verification", ctx);
  c.wording = String(j, "wording", ctx, false);
  c.citation = String(j, "citation", ctx, false);
  return c;
}

void ComputeStructureKeys(Entry& e, const chem::Standardizer& standardizer, const Context& ctx) {
  auto parsed = chem::ParseSmiles(e.smiles);
  if (!parsed) ctx.Fail("smiles", parsed.error);
  auto form = standardizer.Standardize(*parsed.mol);
  if (!form.error.empty()) ctx.Fail("smiles", form.error);
  if (form.components.size() != 1 || form.is_derived_form())
    ctx.Fail("smiles", "must be one neutral parent structure, not a salt or mixture");
  e.skeleton_key = form.components[0].skeleton_key;
  e.stereo_key = form.components[0].stereo_key;
  e.has_stereo = form.components[0].has_stereo;
}

Entry ParseEntry(const json& j, const std::string& jurisdiction, const Context& file_ctx,
                 const chem::Standardizer& standardizer) {
  Context ctx = file_ctx;
  if (!j.is_object()) ctx.Fail("entries", "each entry must be an object");
  Entry e;
  e.id = String(j, "id", ctx, true);
  ctx.SetEntry(e.id);
  RejectUnknownKeys(j, kEntryKeys, ctx);
  e.jurisdiction = jurisdiction;
  std::string kind = String(j, "kind", ctx, true);
  if (kind == "substance") e.kind = EntryKind::kSubstance;
  else if (kind == "class") e.kind = EntryKind::kClass;
  else if (kind == "regime") e.kind = EntryKind::kRegime;
  else ctx.Fail("kind", "'" + kind + "' is not one of substance, class, regime");
  e.role = String(j, "role", ctx, e.kind == EntryKind::kSubstance);
  if (!e.role.empty() && e.role != "precursor" && e.role != "drug")
    ctx.Fail("role", "'" + e.role + "' is not one of precursor, drug");
  e.name = String(j, "name", ctx, true);
  e.synonyms = Strings(j, "synonyms", ctx);
  std::string cas = String(j, "cas", ctx, false);
  if (!cas.empty()) {
    if (!chem::LooksLikeCas(cas)) ctx.Fail("cas", "'" + cas + "' is not a CAS RN");
    auto valid = chem::ValidCas(cas);
    if (!valid)
      ctx.Fail("cas", "'" + cas + "' has a wrong check digit (expected " +
                          std::to_string(chem::CasExpectedCheckDigit(cas)) + ")");
    e.cas = *valid;
  }
  e.cas_source = String(j, "cas_source", ctx, false);
  e.smiles = String(j, "smiles", ctx, e.kind == EntryKind::kSubstance);
  e.list = String(j, "list", ctx, true);
  e.category = String(j, "category", ctx, true);
  std::string status = String(j, "status", ctx, true);
  if (status != "listed" && status != "pending")
    ctx.Fail("status", "'" + status + "' is not one of listed, pending");
  e.pending = status == "pending";
  e.notice_date = OptionalDate(j, "notice_date", ctx);
  e.effective_date = OptionalDate(j, "effective_date", ctx);
  e.end_date = OptionalDate(j, "end_date", ctx);
  if (e.notice_date && e.effective_date && e.effective_date->date < e.notice_date->date &&
      e.notice_date->precision == DatePrecision::kDay)
    ctx.Fail("effective_date", "precedes notice_date");
  if (e.end_date && e.in_force_from() && e.end_date->date <= e.in_force_from()->date)
    ctx.Fail("end_date", "must come after the start of control");
  e.scope_text = String(j, "scope_text", ctx, false);
  if (auto it = j.find("scope"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) ctx.Fail("scope", "must be an array of clauses");
    std::set<std::string> seen;
    for (const auto& c : *it) {
      e.scope.push_back(ParseClause(c, ctx));
      if (!seen.insert(e.scope.back().clause).second)
        ctx.Fail("scope", "clause '" + e.scope.back().clause + "' appears twice");
      const auto& start = e.in_force_from();
      if (e.scope.back().effective && start && e.scope.back().effective->date < start->date)
        ctx.Fail("scope", "clause '" + e.scope.back().clause + "' starts before the entry");
    }
  }
  e.citation = String(j, "citation", ctx, true);
  e.sources = Strings(j, "source", ctx);
  e.verification = ParseVerification(String(j, "verification", ctx, true), "verification", ctx);
  e.verification_note = String(j, "verification_note", ctx, false);
  e.unverified = Strings(j, "unverified", ctx);
  for (const auto& fact : e.unverified)
    if (!kFacts.count(fact)) ctx.Fail("unverified", "unknown fact '" + fact + "'");
  e.notes = String(j, "notes", ctx, false);
  e.hs_code = String(j, "hs_code", ctx, false);
  e.definition = String(j, "definition", ctx, false);
  if (auto it = j.find("history"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) ctx.Fail("history", "must be an array of events");
    for (const auto& h : *it) {
      if (!h.is_object()) ctx.Fail("history", "each event must be an object");
      RejectUnknownKeys(h, {"date", "event", "citation", "verification"}, ctx);
      HistoryEvent ev;
      auto date = OptionalDate(h, "date", ctx);
      if (!date) ctx.Fail("history.date", "required field is missing");
      ev.date = *date;
      ev.event = String(h, "event", ctx, true);
      ev.citation = String(h, "citation", ctx, true);
      ev.verification = ParseVerification(String(h, "verification", ctx, true), "history.verification", ctx);
      e.history.push_back(std::move(ev));
    }
  }
  if (e.kind == EntryKind::kSubstance) ComputeStructureKeys(e, standardizer, ctx);
  return e;
}

}  // namespace

std::vector<Entry> LoadRegistryFile(const std::filesystem::path& path,
                                    const chem::Standardizer& standardizer) {
  Context ctx(path.filename().string());
  std::ifstream in(path);
  if (!in) ctx.Fail("", "cannot open file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& e) {
    ctx.Fail("", std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) ctx.Fail("", "top level must be an object");
  RejectUnknownKeys(doc, {"format", "jurisdiction", "list", "description", "entries"}, ctx);
  if (String(doc, "format", ctx, true) != "precursor-registry/1")
    ctx.Fail("format", "expected 'precursor-registry/1'");
  std::string jurisdiction = String(doc, "jurisdiction", ctx, true);
  if (jurisdiction.size() < 2 || jurisdiction.size() > 3 ||
      !std::all_of(jurisdiction.begin(), jurisdiction.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    ctx.Fail("jurisdiction", "must be a 2-3 letter upper-case code");
  auto it = doc.find("entries");
  if (it == doc.end() || !it->is_array()) ctx.Fail("entries", "must be an array");
  std::vector<Entry> out;
  for (const auto& j : *it) {
    out.push_back(ParseEntry(j, jurisdiction, ctx, standardizer));
    out.back().file = path.filename().string();
  }
  return out;
}

}  // namespace pc::registry
