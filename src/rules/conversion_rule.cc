#include "rules/conversion_rule.h"

#include <map>
#include <set>

#include <GraphMol/SmilesParse/SmilesWrite.h>
#include <GraphMol/Substruct/SubstructMatch.h>

#include "chem/search_order.h"

namespace pc::rules {
namespace {

struct Node {
  std::shared_ptr<const RDKit::ROMol> mol;
  std::string smiles;
  int parent = -1;
  const Transform* via = nullptr;
  int depth = 0;
};

// How a product is controlled, best first: by a named listing (0), by a
// listing's family wording ("its amides, carbamates ...", 1), or only by a
// class definition (2). A path to a named listing is the strongest warning:
// the chemist's target is on a list by name.
int TargetRank(const Match& m) {
  switch (m.rule) {
    case RuleKind::kListing: return 0;
    case RuleKind::kClass: return 2;
    default: return 1;
  }
}

std::vector<int> PathTo(const std::vector<Node>& nodes, int i) {
  std::vector<int> path;
  for (; nodes[i].parent >= 0; i = nodes[i].parent) path.insert(path.begin(), i);
  return path;
}

// A product contains one of `anchors` exactly when it contains one of those
// this returns. A structure (a listed substance, no query features) that
// contains another structure of the list adds nothing: whatever contains it
// contains the smaller one too, because RDKit matches one structure's atoms
// to another's by conditions that chain (the same element; the same charge,
// isotope and radical count where set; no more rings) and bonds by equal
// type (Atom::Match, Bond::Match). Query anchors (SMARTS) all stay: a
// condition such as a degree need not hold in a molecule that contains the
// one it held in. With today's registry the 25 listed structures reduce to
// two (4-AP and 4-piperidone), so the last step runs 7 matches, not 30.
Patterns WithoutContainingStructures(Patterns anchors) {
  auto structure = [](const RDKit::ROMol& m) {
    for (const auto* a : m.atoms())
      if (a->hasQuery()) return false;
    for (const auto* b : m.bonds())
      if (b->hasQuery()) return false;
    return true;
  };
  std::vector<bool> drop(anchors.size(), false);
  RDKit::MatchVectType match;
  for (size_t i = 0; i < anchors.size(); ++i) {
    if (!anchors[i] || !structure(*anchors[i])) continue;
    for (size_t j = 0; j < anchors.size() && !drop[i]; ++j) {
      if (i == j || drop[j] || !anchors[j] || !structure(*anchors[j])) continue;
      if (!RDKit::SubstructMatch(*anchors[i], *anchors[j], match)) continue;
      // Of two equal structures the first stays.
      bool equal = anchors[i]->getNumAtoms() == anchors[j]->getNumAtoms() &&
                   anchors[i]->getNumBonds() == anchors[j]->getNumBonds();
      drop[i] = !equal || j < i;
    }
  }
  Patterns kept;
  for (size_t i = 0; i < anchors.size(); ++i)
    if (!drop[i]) kept.push_back(std::move(anchors[i]));
  return kept;
}

}  // namespace

std::unique_ptr<ConversionRule> ConversionRule::Load(
    const std::filesystem::path& data_dir, std::shared_ptr<const registry::Registry> registry,
    std::vector<const Rule*> targets,
    std::vector<std::shared_ptr<const RDKit::ROMol>> target_structures) {
  std::unique_ptr<ConversionRule> rule(new ConversionRule());
  rule->registry_ = std::move(registry);
  rule->targets_ = std::move(targets);
  auto file = data_dir / "conversions" / "transforms.json";
  try {
    rule->library_ = ConversionLibrary::Load(file);
  } catch (const std::runtime_error& e) {
    throw registry::RegistryError(e.what());
  }
  // A listed whole molecule without the invariant anchor (a precursor of
  // another drug: acetone, ephedrine) is out of the search's reach, since
  // every product keeps the anchor or is dropped: it is no target, and its
  // anchor would only let more products through to be standardised.
  std::set<std::string> unreachable;
  for (const auto* t : rule->targets_)
    for (auto& a : t->Anchors()) {
      if (a && t->AnchorsAreWholeMolecules() && !rule->library_.HasInvariantAnchor(*a)) {
        unreachable.insert(RDKit::MolToSmiles(*a));
        continue;
      }
      rule->target_anchors_.push_back(std::move(a));
    }
  rule->target_anchors_ = WithoutContainingStructures(std::move(rule->target_anchors_));
  // Only asked whether one matches a product: searched from their rarest atom.
  for (auto& a : rule->target_anchors_) a = chem::InSearchOrder(*a);
  // The search is only sound if every other target carries the invariant anchor.
  for (const auto& s : target_structures)
    if (!rule->library_.HasInvariantAnchor(*s) && !unreachable.count(RDKit::MolToSmiles(*s)))
      throw registry::RegistryError("transforms.json: invariant_anchors: target structure " +
                                    RDKit::MolToSmiles(*s) + " does not contain it");
  return rule;
}

std::vector<std::shared_ptr<const RDKit::ROMol>> ConversionRule::Anchors() const {
  return library_.invariant_anchors();
}

void ConversionRule::Evaluate(const chem::StandardForm& form, const Query& query,
                              Results& out) const {
  // Only jurisdictions where the input is not already controlled need a path.
  Query open = query;
  open.jurisdictions.clear();
  open.controlled_only = true;  // a product matters only if it is a target
  for (const auto& code : registry_->jurisdictions())
    if (query.Wants(code) && out[code].verdict != Verdict::kControlled) open.jurisdictions.push_back(code);
  if (open.jurisdictions.empty()) return;
  const auto& limits = library_.limits();
  const int max_depth = query.conversion_depth < 0 ? limits.max_depth : query.conversion_depth;
  if (max_depth == 0) return;

  for (size_t ci = 0; ci < form.components.size(); ++ci) {
    const auto& component = form.components[ci];
    if (!library_.HasInvariantAnchor(*component.mol)) continue;
    std::vector<Node> nodes{{component.mol, component.smiles}};
    std::set<std::string> seen{component.smiles};
    std::map<std::string, std::pair<int, Match>> found;  // jurisdiction -> node, target match
    std::map<std::string, std::pair<int, Match>> context;  // class-only paths that are no warning
    // Every jurisdiction's path ends at a named listing (nothing better to find).
    auto settled = [&] {
      if (found.size() < open.jurisdictions.size()) return false;
      for (const auto& [code, hit] : found)
        if (TargetRank(hit.second) > 0) return false;
      return true;
    };
    bool truncated = false;
    long work = 0;  // atoms of every product standardised: the search's cost
    for (size_t i = 0; i < nodes.size() && !truncated; ++i) {
      if (nodes[i].depth >= max_depth) continue;
      if (settled()) break;
      const auto applicable = library_.Applicable(*nodes[i].mol);
      for (size_t ti = 0; ti < library_.transforms().size(); ++ti) {
        if (!applicable[ti]) continue;
        const auto& t = library_.transforms()[ti];
        for (auto& product : library_.Apply(t, *nodes[i].mol)) {
          if (!library_.HasInvariantAnchor(*product)) continue;  // can no longer reach a target
          // A product of the last step must be a target itself, so it must
          // contain a target's anchor; standardising it first would not
          // add one: it comes neutral from a standardised reactant, and the
          // normaliser only rewrites charged and hypervalent groups.
          if (nodes[i].depth + 1 >= max_depth && !ContainsAnyOf(*product, target_anchors_)) continue;
          work += product->getNumAtoms();
          if (work > limits.max_product_atoms) {
            truncated = true;
            break;
          }
          auto pform = chem::ThreadStandardizer().StandardizeProduct(*product);
          if (!pform.error.empty() || pform.components.size() != 1) continue;
          const auto& pc = pform.components.front();
          if (!seen.insert(pc.smiles).second) continue;
          // The node bound bounds time and memory alike, and unlike a clock
          // it gives the same verdict on a busy machine as on an idle one.
          if (int(nodes.size()) >= limits.max_nodes) {
            truncated = true;
            break;
          }
          nodes.push_back({pc.mol, pc.smiles, int(i), &t, nodes[i].depth + 1});
          Results r;
          for (const auto* target : targets_) target->Evaluate(pform, open, r);
          const int depth = nodes.back().depth;
          for (auto& [code, jr] : r) {
            if (jr.verdict != Verdict::kControlled) continue;
            auto have = found.find(code);
            // The best-grounded target of this product: a named listing
            // before family wording before a class definition.
            const Match* best = nullptr;
            for (const auto& m : jr.matches)
              if (m.verdict == Verdict::kControlled && (!best || TargetRank(m) < TargetRank(*best))) best = &m;
            if (!best) continue;
            // A product covered only by a class, beyond the library's
            // class_only_watch_depth, is context, not a warning (see
            // ConversionLimits). A named listing found later (deeper) ranks
            // above a class path found earlier.
            if (best->rule == RuleKind::kClass && depth > limits.class_only_watch_depth) {
              if (!context.count(code)) context.emplace(code, std::make_pair(int(nodes.size()) - 1, *best));
              continue;
            }
            if (have != found.end() && TargetRank(have->second.second) <= TargetRank(*best)) continue;
            Match m = *best;
            if (have != found.end()) have->second = std::make_pair(int(nodes.size()) - 1, std::move(m));
            else found.emplace(code, std::make_pair(int(nodes.size()) - 1, std::move(m)));
          }
        }
        if (truncated) break;
      }
    }
    // A search cut short may have missed a path in a jurisdiction that has
    // none yet: that is not a clear, it is an input too costly to screen.
    if (truncated && found.size() < open.jurisdictions.size())
      throw BudgetExceeded("early-warning search stopped at its bound (" + std::to_string(nodes.size()) +
                           " products, " + std::to_string(work) + " product atoms; limits " +
                           std::to_string(limits.max_nodes) + " and " +
                           std::to_string(limits.max_product_atoms) +
                           ") before it could rule out a path to a controlled substance");
    for (auto& [code, hit] : found) context.erase(code);
    for (auto* hits : {&found, &context})
    for (auto& [code, hit] : *hits) {
      const bool warn = hits == &found;
      auto& [node, target] = hit;
      Match m;
      m.rule = RuleKind::kConversion;
      m.verdict = warn ? Verdict::kWatch : Verdict::kClear;
      m.entry = target.entry;
      m.component = ci;
      m.since = target.since;
      nlohmann::ordered_json path = nlohmann::ordered_json::array();
      std::string steps;
      for (int n : PathTo(nodes, node)) {
        const auto& t = *nodes[n].via;
        path.push_back({{"step", t.name}, {"label", t.label}, {"co_reactant", t.co_reactant},
                        {"chemistry", t.chemistry}, {"product", nodes[n].smiles}});
        steps += (steps.empty() ? "" : "; then ") + t.label + " (" + t.co_reactant + ") gives " +
                 nodes[n].smiles;
      }
      m.details["path"] = path;
      static const char* kGround[] = {"named listing", "family wording", "class definition only"};
      m.details["target"] = {{"entry", target.entry->id},
                             {"rule", ToString(target.rule)},
                             {"ground", kGround[TargetRank(target)]},
                             {"smiles", nodes[node].smiles},
                             {"explanation", target.explanation}};
      m.details["nodes_searched"] = nodes.size();
      if (truncated) m.details["truncated"] = true;
      std::string lead = warn ? "Watch: "
                              : "Not watch (a class definition alone, beyond " +
                                    std::to_string(limits.class_only_watch_depth) + " steps; context): ";
      m.explanation = lead + std::to_string(path.size()) + (path.size() == 1 ? " step" : " steps") +
                      " from a controlled substance: " + steps + ", which is controlled by " +
                      kGround[TargetRank(target)] + " (" +
                      std::string(ToString(target.rule)) + ": " + target.entry->name + ", " +
                      target.entry->list + "; " + target.entry->citation + ")" +
                      (target.since ? " since " + target.since->ToString() : "") + ".";
      if (warn) out[code].Add(std::move(m));
      else out[code].near_misses.push_back(std::move(m));
    }
  }
}

}  // namespace pc::rules
