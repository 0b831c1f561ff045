// Early warning: each transform on its positive and negative example (from
// the data file itself), watch paths, bounds, similarity context, backtest.
#include <gtest/gtest.h>

#include <GraphMol/MolStandardize/Metal.h>
#include <GraphMol/MolStandardize/Normalize.h>
#include <GraphMol/SmilesParse/SmilesWrite.h>

#include "chem/standardize.h"
#include "rules/conversion_rule.h"
#include "test_support.h"

namespace pc {
namespace {

using pc::testing::Screen;
using rules::RuleKind;
using rules::Verdict;

const rules::ConversionLibrary& Library() {
  for (const auto& rule : pc::testing::BundledScreener().rules())
    if (auto* c = dynamic_cast<const rules::ConversionRule*>(rule.get())) return c->library();
  throw std::runtime_error("no conversion rule");
}

std::string Canonical(const std::string& smiles) {
  auto p = chem::ParseSmiles(smiles);
  return p ? RDKit::MolToSmiles(*p.mol) : "?";
}

TEST(Transforms, EachOnItsExampleAndCounterexample) {
  const auto& lib = Library();
  ASSERT_GE(lib.transforms().size(), 57u);
  for (const auto& t : lib.transforms()) {
    SCOPED_TRACE(t.name);
    auto reactant = chem::ParseSmiles(t.example_reactant);
    ASSERT_TRUE(reactant);
    std::set<std::string> products;
    for (const auto& p : lib.Apply(t, *reactant.mol)) products.insert(RDKit::MolToSmiles(*p));
    EXPECT_TRUE(products.count(Canonical(t.example_product))) << "products: " << products.size();
    auto counter = chem::ParseSmiles(t.counterexample);
    ASSERT_TRUE(counter);
    EXPECT_TRUE(lib.Apply(t, *counter.mol).empty());
    EXPECT_FALSE(t.chemistry.empty());
  }
}

// The quick template search that lets the early-warning search skip a
// transform never skips one that has a product: checked on every example,
// counterexample and example product (a molecule another transform may
// start from).
TEST(Transforms, ApplicableWheneverTheTransformHasAProduct) {
  const auto& lib = Library();
  for (const auto& t : lib.transforms())
    for (const auto& smiles : {t.example_reactant, t.example_product, t.counterexample}) {
      auto m = chem::ParseSmiles(smiles);
      ASSERT_TRUE(m) << smiles;
      auto applicable = lib.Applicable(*m.mol);
      for (size_t i = 0; i < lib.transforms().size(); ++i) {
        if (applicable[i]) continue;
        EXPECT_TRUE(lib.Apply(lib.transforms()[i], *m.mol).empty()) << lib.transforms()[i].name << " on " << smiles;
      }
    }
  auto benzene = chem::ParseSmiles("c1ccccc1");
  for (bool a : lib.Applicable(*benzene.mol)) EXPECT_FALSE(a);
}

// A symmetric group matched several ways gives its product once (a Boc
// group's methyls match six ways, a benzyl ring two); two different sites
// still give a product each.
TEST(Transforms, OneProductPerSiteWhateverTheSymmetry) {
  const auto& lib = Library();
  auto by_name = [&](const std::string& name) -> const rules::Transform& {
    for (const auto& t : lib.transforms())
      if (t.name == name) return t;
    throw std::runtime_error("no transform " + name);
  };
  auto products = [&](const std::string& transform, const std::string& smiles) {
    auto m = chem::ParseSmiles(smiles);
    std::vector<std::string> out;
    for (const auto& p : lib.Apply(by_name(transform), *m.mol)) out.push_back(RDKit::MolToSmiles(*p));
    return out;
  };
  // 1-boc-4-AP loses its Boc group: 4-AP, once.
  EXPECT_EQ(products("boc_removal", "CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1"),
            std::vector<std::string>{Canonical("C1CC(CCN1)Nc1ccccc1")});
  // 1-benzyl-4-piperidone loses its benzyl group: 4-piperidone, once.
  EXPECT_EQ(products("n_debenzylation", "O=C1CCN(Cc2ccccc2)CC1"),
            std::vector<std::string>{Canonical("O=C1CCNCC1")});
  // Two Boc groups on different nitrogens: each can go, two products.
  EXPECT_EQ(products("boc_removal", "CC(C)(C)OC(=O)N1CCC(N(C(=O)OC(C)(C)C)c2ccccc2)CC1").size(), 2u);
}

// No transform makes the invariant anchor where there was none: the search
// and the fast path both rely on it.
TEST(Transforms, NeverCreateTheInvariantAnchor) {
  const auto& lib = Library();
  for (const auto& t : lib.transforms()) {
    for (const std::string& s : {t.example_reactant, t.example_product, t.counterexample,
                                 std::string("CCCCNC(=O)CC1CCCCC1"), std::string("O=C1CCCCC1N")}) {
      auto m = chem::ParseSmiles(s);
      bool before = lib.HasInvariantAnchor(*m.mol);
      for (const auto& p : lib.Apply(t, *m.mol))
        EXPECT_TRUE(before || !lib.HasInvariantAnchor(*p)) << t.name << " on " << s;
    }
  }
}

// Over real structures (the corpus, and background molecules with an N or O
// on a piperidine's C4): no product contains an invariant anchor its
// reactant lacked, and the metal disconnector and normaliser, which
// StandardizeProduct leaves out, would change no product.
TEST(Transforms, ProductsOfRealStructures) {
  const auto& lib = Library();
  RDKit::MolStandardize::MetalDisconnector metal;
  RDKit::MolStandardize::Normalizer normalizer;
  std::vector<screen::InputRecord> records;
  for (const char* file : {"corpus/positives.csv", "corpus/precursors.csv", "fast-path-candidates.smi"})
    for (auto& r : pc::testing::ReadRecords(std::string(PC_TEST_DATA_DIR) + "/" + file)) records.push_back(r);
  ASSERT_GT(records.size(), 1400u);
  // Background molecules whose cyclic carbamate, once cleaved, leaves an
  // anilino group on a monocycle where there was a fused ring: the anchor
  // must not ask for a monocycle.
  for (const char* s : {"Nc1ccc(N2CCC(N3C(=O)OCc4ccccc43)CC2)c(Cl)c1",
                        "O=C(O)c1cnc(N2CCC(N3C(=O)OCc4ccccc43)CC2)c(Cl)c1",
                        "CC(=O)Nc1ccccc1OCc1cc2cc(C(=O)N3CCC(N4C(=O)OCc5ccccc54)CC3)ccc2o1"})
    records.push_back({s, s, screen::InputHint::kAuto, ""});
  // Every structure in the registry (reagents, solvents and the precursors
  // of families the search does not reach included), and near relatives of
  // the anchors of the other families: an aryl aldehyde with a ring
  // substituent, a 4-alkoxybutanoic acid, a cyclic carbamate on a
  // 4-hydroxybutanoyl chain, a dihydroergoline, a 3-chlorophenyl ketimine.
  for (const auto& e : pc::testing::BundledRegistry()->entries())
    if (e.HasOwnStructure()) records.push_back({e.id, e.smiles, screen::InputHint::kAuto, ""});
  for (const char* s : {"O=Cc1ccc(C)cc1", "COCCCC(=O)O", "O=C(O)CCC1COC(=O)N1", "CCN(CC)C(=O)C1CC2c3cccc4[nH]cc(c34)CC2N(C)C1",
                        "CN=C(c1cccc(Cl)c1)C1(O)CCCC1", "O=C(O)C(C)c1ccccc1", "CC(=O)OCCCC#N", "N#CC(C)c1ccccc1"})
    records.push_back({s, s, screen::InputHint::kAuto, ""});
  size_t products = 0;
  for (const auto& r : records) {
    auto parsed = chem::ParseSmiles(r.text);
    if (!parsed) continue;
    auto form = chem::ThreadStandardizer().Standardize(*parsed.mol);
    for (const auto& c : form.components) {
      bool anchored = lib.HasInvariantAnchor(*c.mol);
      for (const auto& t : lib.transforms())
        for (const auto& p : lib.Apply(t, *c.mol)) {
          ++products;
          EXPECT_TRUE(anchored || !lib.HasInvariantAnchor(*p)) << t.name << " on " << c.smiles;
          RDKit::RWMol work(*p);
          metal.disconnect(work);
          std::unique_ptr<RDKit::ROMol> normal(normalizer.normalize(work));
          EXPECT_EQ(RDKit::MolToSmiles(*normal), RDKit::MolToSmiles(*p)) << t.name << " on " << c.smiles;
        }
    }
  }
  EXPECT_GT(products, 1000u);
}

// The drug family a registry entry names (drug_family) is a family of an
// invariant anchor it holds, if it holds any: the backtest groups by the
// data, and the data must not contradict the chemistry. A reagent or
// solvent holds no anchor: a structure-based warning could flag it.
TEST(Transforms, RegistryFamiliesAgreeWithTheAnchors) {
  const auto& lib = Library();
  EXPECT_EQ(lib.families(), (std::set<std::string>{"amphetamine-type", "fentanyl", "ghb", "ketamine", "lysergide"}));
  size_t anchored = 0;
  for (const auto& e : pc::testing::BundledRegistry()->entries()) {
    if (e.kind != registry::EntryKind::kSubstance || e.smiles.empty()) continue;
    SCOPED_TRACE(e.id);
    auto parsed = chem::ParseSmiles(e.smiles);
    ASSERT_TRUE(parsed);
    std::set<std::string> families;
    for (const auto& c : chem::ThreadStandardizer().Standardize(*parsed.mol).components)
      for (const auto& f : lib.FamiliesOf(*c.mol)) families.insert(f);
    if (e.IsReagentOrSolvent()) {
      EXPECT_TRUE(families.empty());
      continue;
    }
    EXPECT_FALSE(e.drug_family.empty());
    if (families.empty()) continue;
    ++anchored;
    EXPECT_TRUE(families.count(e.drug_family)) << e.drug_family;
  }
  EXPECT_GT(anchored, 100u);
}

const rules::Match* Watch(const rules::ScreenResult& r, const std::string& code) {
  for (const auto& m : r.jurisdictions.at(code).matches)
    if (m.rule == RuleKind::kConversion) return &m;
  return nullptr;
}

std::vector<std::string> Steps(const rules::Match* m) {
  std::vector<std::string> out;
  for (const auto& s : m->details["path"]) out.push_back(s["step"].get<std::string>());
  return out;
}

TEST(Watch, DesignerPrecursorsGetPathsToTheirTargets) {
  // 4-AP before its UN listing: one phenethylation from ANPP (UN, in force 2017-10-18).
  auto ap = Screen("C1CC(CCN1)Nc1ccccc1", "2022-02-28", {"UN"});
  EXPECT_EQ(*ap.verdict, Verdict::kWatch);
  EXPECT_EQ(Steps(Watch(ap, "UN")), std::vector<std::string>{"n_phenethylation"});
  EXPECT_EQ(Watch(ap, "UN")->entry->id, "un1988-t1-anpp");
  EXPECT_EQ(Watch(ap, "UN")->since->ToString(), "2017-10-18");
  // 1-Boc-4-piperidone in the EU before 2025/1475: reductive amination to 1-boc-4-AP.
  auto boc = Screen("CC(C)(C)OC(=O)N1CCC(=O)CC1", "2025-05-20", {"EU"});
  EXPECT_EQ(Steps(Watch(boc, "EU")), std::vector<std::string>{"reductive_amination_aniline"});
  // N-Phenethyl-4-piperidinol: one oxidation from NPP (an unlisted reagent, flagged, not controlled).
  auto ol = Screen("OC1CCN(CCc2ccccc2)CC1", "2026-01-01", {"US"});
  EXPECT_EQ(*ol.verdict, Verdict::kWatch);
  EXPECT_EQ(Steps(Watch(ol, "US")), std::vector<std::string>{"alcohol_oxidation"});
  // Two steps: debenzylation, then phenethylation to NPP.
  auto bn = Screen("O=C1CCN(Cc2ccccc2)CC1", "2022-01-01", {"UN"});
  EXPECT_EQ(Steps(Watch(bn, "UN")), (std::vector<std::string>{"n_debenzylation", "n_phenethylation"}));
  // An unknown designer precursor: para-fluoro 1-Cbz-4-anilinopiperidine, US
  // before 4-AP halides were listed: three steps from a fentanyl-related
  // substance, so outside the default depth; at depth 3 the class path
  // (propionylation) is passed over for the named listing of
  // 4-fluoroisobutyrylfentanyl (Schedule I), reached by isobutyrylation.
  const char* cbz = "O=C(OCc1ccccc1)N1CCC(Nc2ccc(F)cc2)CC1";
  EXPECT_EQ(*Screen(cbz, "2023-11-01", {"US"}).verdict, Verdict::kClear);
  auto deep = Screen(cbz, "2023-11-01", {"US"}, 3);
  EXPECT_EQ(*deep.verdict, Verdict::kWatch);
  EXPECT_EQ(Watch(deep, "US")->details["target"]["rule"], "listing");
  EXPECT_EQ(Watch(deep, "US")->entry->id, "us-sI-4fibf");
  EXPECT_EQ(Steps(Watch(deep, "US")),
            (std::vector<std::string>{"cbz_removal", "n_phenethylation", "n_isobutyrylation"}));
  // From 2023-11-30 it is controlled: a carbamate of a halide of 4-AP.
  EXPECT_EQ(*Screen(cbz, "2023-11-30", {"US"}).verdict, Verdict::kControlled);
}

TEST(Watch, ControlledInputsAreNotSearchedAndOrdinaryOnesStayClear) {
  auto fentanyl = Screen("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "2026-01-01", {"US"});
  EXPECT_EQ(Watch(fentanyl, "US"), nullptr);
  for (const char* s : {"CC(=O)Nc1ccc(O)cc1", "C1COCCN1", "OC(=O)C1CCNCC1", "c1ccncc1", "CN1CCCCC1"})
    EXPECT_EQ(*Screen(s, "2026-01-01").verdict, Verdict::kClear) << s;
}

TEST(Watch, DepthBoundsTheSearch) {
  // 1-Boc-4-piperidone in the UN before 2024: two steps to NPP.
  EXPECT_EQ(*Screen("CC(C)(C)OC(=O)N1CCC(=O)CC1", "2022-01-01", {"UN"}, 1).verdict, Verdict::kClear);
  EXPECT_EQ(*Screen("CC(C)(C)OC(=O)N1CCC(=O)CC1", "2022-01-01", {"UN"}, 2).verdict, Verdict::kWatch);
  EXPECT_EQ(*Screen("CC(C)(C)OC(=O)N1CCC(=O)CC1", "2022-01-01", {"UN"}, 0).verdict, Verdict::kClear);
}

TEST(Watch, NodeBoundHoldsOnAHeavilyFunctionalisedInput) {
  // Many protecting groups and esters: the search stops at the node bound.
  std::string big = "CC(C)(C)OC(=O)N1CCC(OC(C)=O)(CC1)C(=O)OCC(OC(C)=O)C(OC(C)=O)C(OC(C)=O)C(OC(C)=O)COC(=O)C";
  auto r = Screen(big, "2026-01-01", {}, 3);
  ASSERT_EQ(r.status, rules::Status::kOk) << r.error;
  for (const auto& [code, jr] : r.jurisdictions) {
    for (const auto& m : jr.matches) {
      if (m.rule == RuleKind::kConversion) {
        EXPECT_LE(m.details["nodes_searched"].get<int>(), Library().limits().max_nodes);
      }
    }
  }
}

TEST(Similarity, ContextOnlyNeverAVerdict) {
  // An unlisted 4-piperidinol near NPP: similarity matches, verdict untouched by them.
  auto r = Screen("OC1CCN(CCc2ccccc2)CC1", "2026-01-01", {"UN"}, 0);
  EXPECT_EQ(*r.verdict, Verdict::kClear);
  bool found = false;
  for (const auto& m : r.jurisdictions.at("UN").matches)
    if (m.rule == RuleKind::kSimilarity) {
      found = true;
      EXPECT_EQ(m.verdict, Verdict::kClear);
      EXPECT_GE(m.details["score"].get<double>(), 0.4);
    }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace pc
