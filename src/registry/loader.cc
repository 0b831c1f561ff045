// Reading and validating registry data files. Every rule about what a valid
// file and entry look like lives here and in loader_law.cc (the categories
// and the law an entry carries), so a reviewer can read them in one place.
#include <algorithm>
#include <fstream>
#include <set>

#include <GraphMol/Descriptors/MolDescriptors.h>

#include "chem/cas.h"
#include "chem/molecule.h"
#include "chem/standardize.h"
#include "registry/loader_fields.h"
#include "registry/registry_file.h"

namespace pc::registry {
namespace load {
namespace {

const std::set<std::string> kEntryKeys = {
    "id",           "kind",          "role",        "precursor_type", "drug_family",  "material",
    "name",         "legal_name",    "synonyms",    "cas",          "cas_source",  "identities",
    "smiles",       "structure_source", "formula",  "constituent",  "list",        "category",
    "status",       "adoption_date", "publication_date", "effective_date", "effective_not_before",
    "end_date",     "scope_text",    "scope",       "citation",     "source",      "verification",
    "verification_note", "unverified", "notes",     "hs",           "threshold",   "mixture",
    "destination_rules", "adopts",   "definition",  "history"};
const std::set<std::string> kClauses = {
    "salts",  "isomers",  "salts_of_isomers", "esters", "ethers", "amides",
    "carbamates", "halides", "acetals", "salts_of_derivatives", "combinations"};
const std::set<std::string> kClauseKeys = {"clause", "effective_date", "verification", "wording",
                                           "citation"};
// The facts an entry can mark as not verified; output shows them with every match.
const std::set<std::string> kFacts = {
    "listing",        "category",     "cas",       "citation", "adoption_date", "publication_date",
    "effective_date", "status",       "scope",     "extensions", "substances", "structure",
    "threshold",      "mixture",      "hs",        "destinations", "name"};

ScopeClause ParseClause(const json& j, const Context& ctx) {
  if (!j.is_object()) ctx.Fail("scope", "each clause must be an object");
  RejectUnknownKeys(j, kClauseKeys, ctx, "scope");
  ScopeClause c;
  c.clause = String(j, "clause", ctx, true);
  if (!kClauses.count(c.clause)) ctx.Fail("scope", "unknown clause '" + c.clause + "'");
  c.effective = OptionalDate(j, "effective_date", ctx);
  c.verification = ParseVerification(String(j, "verification", ctx, true), "scope.verification", ctx);
  c.wording = String(j, "wording", ctx, false);
  c.citation = String(j, "citation", ctx, false);
  return c;
}

Material ParseMaterial(const json& j, const Context& ctx) {
  std::string text = j.contains("material") ? String(j, "material", ctx, true) : "organic";
  if (text == "organic") return Material::kOrganic;
  if (text == "inorganic") return Material::kInorganic;
  if (text == "natural") return Material::kNatural;
  if (text == "preparation") return Material::kPreparation;
  ctx.Fail("material", "'" + text + "' is not one of organic, inorganic, natural, preparation");
}

// The structure keys the screener matches. An organic substance is one
// neutral parent. An inorganic one may be read as ions (potassium
// permanganate: K+, Mn, O), whose keys are kept sorted.
void ComputeStructureKeys(Entry& e, StandardForms& forms, const Context& ctx) {
  auto parsed = chem::ParseSmiles(e.smiles);
  if (!parsed) ctx.Fail("smiles", parsed.error);
  if (!e.formula.empty()) {
    std::string formula = RDKit::Descriptors::calcMolFormula(*parsed.mol);
    if (formula != e.formula)
      ctx.Fail("formula", "'" + e.formula + "' is not the formula of the SMILES (" + formula + ")");
  }
  const chem::StandardForm& form = forms.Of(e.smiles, *parsed.mol);
  if (!form.error.empty()) ctx.Fail("smiles", form.error);
  if (form.components.empty()) ctx.Fail("smiles", "standardises to nothing");
  bool single = form.components.size() == 1 && !form.is_derived_form();
  if (e.material == Material::kOrganic && !single)
    ctx.Fail("smiles", "must be one neutral parent structure, not a salt or mixture");
  if (single) {
    e.skeleton_key = form.components[0].skeleton_key;
    e.stereo_key = form.components[0].stereo_key;
    e.has_stereo = form.components[0].has_stereo;
    return;
  }
  for (const auto& c : form.components) e.ion_keys.push_back(c.skeleton_key);
  std::sort(e.ion_keys.begin(), e.ion_keys.end());
}

void ParseDates(const json& j, Entry& e, const Context& ctx) {
  e.adoption_date = OptionalDate(j, "adoption_date", ctx);
  e.publication_date = OptionalDate(j, "publication_date", ctx);
  e.effective_date = OptionalDate(j, "effective_date", ctx);
  e.effective_not_before = OptionalDate(j, "effective_not_before", ctx);
  e.end_date = OptionalDate(j, "end_date", ctx);
  // The older single notice date: the first public act, for output that
  // shows one date when the effective date is not known.
  e.notice_date = e.adoption_date ? e.adoption_date : e.publication_date;
  auto day = [](const std::optional<LegalDate>& d) { return d && d->precision == DatePrecision::kDay; };
  if (day(e.adoption_date) && e.publication_date && e.publication_date->date < e.adoption_date->date &&
      e.publication_date->precision == DatePrecision::kDay)
    ctx.Fail("publication_date", "precedes adoption_date");
  if (e.notice_date && e.effective_date && e.effective_date->date < e.notice_date->date &&
      e.notice_date->precision == DatePrecision::kDay)
    ctx.Fail("effective_date", "precedes the adoption or publication date");
  if (e.effective_date && e.effective_not_before)
    ctx.Fail("effective_not_before", "only for an entry whose effective date is not known");
  if (e.effective_not_before && e.notice_date && e.effective_not_before->date < e.notice_date->date)
    ctx.Fail("effective_not_before", "precedes the adoption or publication date");
  if (e.end_date && e.in_force_from() && e.end_date->date <= e.in_force_from()->date)
    ctx.Fail("end_date", "must come after the start of control");
}

void ParseScope(const json& j, Entry& e, const Context& ctx) {
  e.scope_text = String(j, "scope_text", ctx, false);
  auto it = j.find("scope");
  if (it == j.end() || it->is_null()) return;
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

void ParseHistory(const json& j, Entry& e, const Context& ctx) {
  auto it = j.find("history");
  if (it == j.end() || it->is_null()) return;
  if (!it->is_array()) ctx.Fail("history", "must be an array of events");
  for (const auto& h : *it) {
    if (!h.is_object()) ctx.Fail("history", "each event must be an object");
    RejectUnknownKeys(h, {"date", "event", "citation", "verification"}, ctx, "history");
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

void ParseIdentity(const json& j, Entry& e, const Context& ctx) {
  e.name = String(j, "name", ctx, true);
  e.legal_name = String(j, "legal_name", ctx, false);
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
  e.identities = ParseIdentities(j, ctx);
  for (const auto& i : e.identities)
    if (e.cas && i.cas == *e.cas) ctx.Fail("identities.cas", i.cas + " is the entry's own CAS RN");
}

// What an entry's material requires: a structure of its own for organic and
// inorganic substances, the listed constituent for oils and preparations.
void ParseStructure(const json& j, Entry& e, const Context& ctx) {
  bool substance = e.kind == EntryKind::kSubstance;
  e.structure_source = String(j, "structure_source", ctx, false);
  e.formula = String(j, "formula", ctx, false);
  if (!substance && (j.contains("material") || j.contains("smiles") || j.contains("constituent")))
    ctx.Fail("kind", "only a substance has a material, SMILES or constituent");
  if (e.HasOwnStructure()) {
    e.smiles = String(j, "smiles", ctx, true);
    if (j.contains("constituent")) ctx.Fail("constituent", "only oils, extracts and preparations have one");
    return;
  }
  if (!substance) return;
  if (j.contains("smiles"))
    ctx.Fail("smiles", "an oil, extract or preparation has no structure of its own (give its constituent)");
  const json* c = Object(j, "constituent", ctx);
  if (!c) ctx.Fail("constituent", "required: the listed substance it is controlled for");
  RejectUnknownKeys(*c, {"name", "smiles", "source"}, ctx, "constituent");
  e.constituent = Constituent{String(*c, "name", ctx, true), String(*c, "smiles", ctx, true),
                              String(*c, "source", ctx, true)};
  // A name lookup screens the constituent's structure.
  e.smiles = e.constituent->smiles;
  auto parsed = chem::ParseSmiles(e.smiles);
  if (!parsed) ctx.Fail("constituent.smiles", parsed.error);
}

// What a substance is to the drugs it serves: a precursor is structural, a
// reagent or a solvent; a drug or a structural precursor names its drug
// family, a reagent or solvent (which serves many) none. The backtest groups
// by them, so that a precursor's family does not depend on whether the
// early-warning search happens to reach it.
void ParseUse(const json& j, Entry& e, const Context& ctx) {
  const bool substance = e.kind == EntryKind::kSubstance;
  const bool precursor = substance && e.role == "precursor";
  e.precursor_type = String(j, "precursor_type", ctx, precursor);
  if (!precursor && !e.precursor_type.empty())
    ctx.Fail("precursor_type", "only a precursor substance has one");
  if (precursor && e.precursor_type != "structural" && !e.IsReagentOrSolvent())
    ctx.Fail("precursor_type", "'" + e.precursor_type + "' is not one of structural, reagent, solvent");
  const bool has_family = substance && !e.IsReagentOrSolvent();
  e.drug_family = String(j, "drug_family", ctx, has_family);
  if (!has_family && !e.drug_family.empty())
    ctx.Fail("drug_family", substance ? "a reagent or solvent serves many drugs: it has no family"
                                      : "only a substance has one");
  if (!std::all_of(e.drug_family.begin(), e.drug_family.end(),
                   [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }))
    ctx.Fail("drug_family", "'" + e.drug_family + "': lower-case letters, digits and hyphens only");
}

Entry ParseEntry(const json& j, const std::string& jurisdiction, const std::vector<Category>& categories,
                 const json* defaults, const Context& file_ctx, StandardForms& forms) {
  Context ctx = file_ctx;
  if (!j.is_object()) ctx.Fail("entries", "each entry must be an object");
  Entry e;
  e.id = String(j, "id", ctx, true);
  ctx.SetEntry(e.id);
  if (j.contains("notice_date"))  // the older single date field
    ctx.Fail("notice_date", "replaced by adoption_date and publication_date");
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
  ParseUse(j, e, ctx);
  e.material = e.kind == EntryKind::kSubstance ? ParseMaterial(j, ctx) : Material::kOrganic;
  ParseIdentity(j, e, ctx);
  ParseStructure(j, e, ctx);
  e.list = String(j, "list", ctx, true);
  e.category_id = String(j, "category", ctx, true);
  auto category = std::find_if(categories.begin(), categories.end(),
                               [&](const Category& c) { return c.id == e.category_id; });
  if (category == categories.end())
    ctx.Fail("category", "'" + e.category_id + "' is not one of this file's categories");
  e.category = category->name;
  bool drug_list = category->kind == CategoryKind::kDrug;
  if (e.kind == EntryKind::kSubstance && category->kind != CategoryKind::kSurveillance &&
      drug_list != (e.role == "drug"))
    ctx.Fail("category", "a " + e.role + " in the " + std::string(ToString(category->kind)) +
                             " category '" + e.category_id + "'");
  std::string status = String(j, "status", ctx, true);
  if (status != "listed" && status != "pending")
    ctx.Fail("status", "'" + status + "' is not one of listed, pending");
  e.pending = status == "pending";
  ParseDates(j, e, ctx);
  ParseScope(j, e, ctx);
  e.citation = String(j, "citation", ctx, true);
  e.sources = Strings(j, "source", ctx);
  e.verification = ParseVerification(String(j, "verification", ctx, true), "verification", ctx);
  e.verification_note = String(j, "verification_note", ctx, false);
  e.unverified = Strings(j, "unverified", ctx);
  for (const auto& fact : e.unverified)
    if (!kFacts.count(fact)) ctx.Fail("unverified", "unknown fact '" + fact + "'");
  e.notes = String(j, "notes", ctx, false);
  e.hs = ParseHs(j, ctx);
  e.hs_code = e.hs.subheading;
  // A file's defaults (China's mixture rule for its whole catalogue) apply
  // to its substances that state none of their own.
  e.threshold = ParseThreshold(j, ctx);
  e.mixture = ParseMixture(j, ctx);
  if (defaults && e.kind == EntryKind::kSubstance) {
    if (!e.threshold) e.threshold = ParseThreshold(*defaults, ctx);
    if (!e.mixture) e.mixture = ParseMixture(*defaults, ctx);
  }
  e.destination_rules = ParseDestinationRules(j, ctx);
  e.adopts = ParseAdoption(j, ctx);
  if (e.kind != EntryKind::kRegime && (!e.destination_rules.empty() || e.adopts))
    ctx.Fail("kind", "only a regime has destination rules or adopts another list");
  e.definition = String(j, "definition", ctx, false);
  ParseHistory(j, e, ctx);
  if (e.HasOwnStructure()) ComputeStructureKeys(e, forms, ctx);
  return e;
}

}  // namespace
}  // namespace load

RegistryFile LoadRegistryFile(const std::filesystem::path& path, StandardForms& forms) {
  using namespace load;
  RegistryFile out;
  out.file = path.filename().string();
  Context ctx(out.file);
  std::ifstream in(path);
  if (!in) ctx.Fail("", "cannot open file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& e) {
    ctx.Fail("", std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) ctx.Fail("", "top level must be an object");
  RejectUnknownKeys(doc, {"format", "jurisdiction", "list", "description", "reviewed", "categories",
                          "territory", "defaults", "entries"},
                    ctx);
  if (String(doc, "format", ctx, true) != "precursor-registry/1")
    ctx.Fail("format", "expected 'precursor-registry/1'");
  out.jurisdiction = String(doc, "jurisdiction", ctx, true);
  if (out.jurisdiction.size() < 2 || out.jurisdiction.size() > 3 ||
      !std::all_of(out.jurisdiction.begin(), out.jurisdiction.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    ctx.Fail("jurisdiction", "must be a 2-3 letter upper-case code");
  out.list = String(doc, "list", ctx, true);
  out.reviewed = OptionalDate(doc, "reviewed", ctx);
  if (!out.reviewed) ctx.Fail("reviewed", "required: the day the file was last compared with its sources");
  out.categories = ParseCategories(doc, out.jurisdiction, ctx);
  out.territory = ParseTerritory(doc, ctx);
  const json* defaults = Object(doc, "defaults", ctx);
  if (defaults) RejectUnknownKeys(*defaults, {"threshold", "mixture"}, ctx, "defaults");
  auto it = doc.find("entries");
  if (it == doc.end() || !it->is_array()) ctx.Fail("entries", "must be an array");
  for (const auto& j : *it) {
    out.entries.push_back(ParseEntry(j, out.jurisdiction, out.categories, defaults, ctx, forms));
    out.entries.back().file = out.file;
  }
  return out;
}

}  // namespace pc::registry
