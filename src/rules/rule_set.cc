#include "rules/rule_set.h"

#include "rules/conversion_rule.h"
#include "rules/definition_rule.h"
#include "rules/listing_rule.h"
#include "rules/similarity_rule.h"

namespace pc::rules {

std::shared_ptr<const RuleSet> RuleSet::Load(const std::filesystem::path& data_dir,
                                             std::shared_ptr<const registry::Registry> registry) {
  std::shared_ptr<RuleSet> set(new RuleSet());
  auto listing = std::make_unique<ListingRule>(registry);
  auto definitions = DefinitionRule::Load(data_dir, registry);
  std::vector<std::shared_ptr<const RDKit::ROMol>> targets = listing->Anchors();
  for (const auto& d : definitions->definitions()) targets.push_back(d->parent);
  // Conversions ask the listing and definition rules whether a product is
  // controlled; similarity adds context last.
  auto conversions = ConversionRule::Load(data_dir, registry, {listing.get(), definitions.get()}, targets);
  // Similarity is context for structures near the controlled ones: those
  // a conversion could start from, and those with a structure rule's
  // anchor (a fused-ring analogue of a class member, say).
  auto near = conversions->library().invariant_anchors();
  for (const auto& a : definitions->Anchors()) near.push_back(a);
  auto similarity = std::make_unique<SimilarityRule>(registry, std::move(near));
  set->rules_.push_back(std::move(listing));
  set->rules_.push_back(std::move(definitions));
  set->rules_.push_back(std::move(conversions));
  set->rules_.push_back(std::move(similarity));
  return set;
}

}  // namespace pc::rules
