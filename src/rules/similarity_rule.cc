#include "rules/similarity_rule.h"

#include <algorithm>
#include <cstdio>

#include <DataStructs/BitOps.h>
#include <GraphMol/Fingerprints/MorganFingerprints.h>

#include "chem/molecule.h"

namespace pc::rules {
namespace {

std::unique_ptr<ExplicitBitVect> Fingerprint(const RDKit::ROMol& mol) {
  return std::unique_ptr<ExplicitBitVect>(
      RDKit::MorganFingerprints::getFingerprintAsBitVect(mol, 2, 2048));
}

}  // namespace

SimilarityRule::SimilarityRule(std::shared_ptr<const registry::Registry> registry,
                               std::vector<std::shared_ptr<const RDKit::ROMol>> anchors,
                               double threshold, size_t top)
    : registry_(std::move(registry)), anchors_(std::move(anchors)), threshold_(threshold), top_(top) {
  for (const auto& e : registry_->entries()) {
    if (e.kind != registry::EntryKind::kSubstance) continue;
    auto parsed = chem::ParseSmiles(e.skeleton_key);
    if (parsed) references_.push_back({&e, Fingerprint(*parsed.mol)});
  }
}

void SimilarityRule::Evaluate(const chem::StandardForm& form, const Query& query, Results& out) const {
  for (size_t ci = 0; ci < form.components.size(); ++ci) {
    const auto& component = form.components[ci];
    if (!ContainsAnyOf(*component.mol, anchors_)) continue;
    auto fp = Fingerprint(*component.mol);
    std::map<std::string, std::vector<std::pair<double, const registry::Entry*>>> nearest;
    for (const auto& ref : references_) {
      const auto& e = *ref.entry;
      if (!query.Wants(e.jurisdiction) || !e.InForce(query.as_of)) continue;
      if (e.skeleton_key == component.skeleton_key) continue;  // the listing itself, not context
      double score = TanimotoSimilarity(*fp, *ref.fingerprint);
      if (score >= threshold_) nearest[e.jurisdiction].push_back({score, &e});
    }
    for (auto& [code, list] : nearest) {
      if (out[code].verdict == Verdict::kControlled) continue;  // context is for open questions
      std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second->id < b.second->id);
      });
      for (size_t i = 0; i < list.size() && i < top_; ++i) {
        Match m;
        m.rule = RuleKind::kSimilarity;
        m.verdict = Verdict::kClear;
        m.entry = list[i].second;
        m.component = ci;
        char score[16];
        std::snprintf(score, sizeof score, "%.2f", list[i].first);
        m.details["score"] = std::stod(score);
        m.details["fingerprint"] = "Morgan radius 2, 2048 bits; Tanimoto";
        m.explanation = std::string("Similar to the listed ") + m.entry->name + " (Tanimoto " + score +
                        "): context for review, not a ground for control.";
        out[code].Add(std::move(m));
      }
    }
  }
}

}  // namespace pc::rules
