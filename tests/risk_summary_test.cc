// The risk summary as a typed record: one JSON form for the API and the
// stores, read back unchanged, and summaries stored before the duties were
// assessed read with every duty presumed owed for their controlled items.
#include <gtest/gtest.h>

#include "licensing/risk.h"
#include "licensing/serialize.h"

namespace pc::licensing {
namespace {

RiskSummary Sample() {
  RiskSummary r;
  RiskItem item;
  item.item = 0;
  item.substance = "ANPP";
  item.verdict_at_screening = item.verdict_at_shipment = "controlled";
  item.reasons.push_back({"US", "controlled", "us-list-i-anpp", "ANPP", "21 CFR 1310.02(a)",
                          "2010-04-15", "listed"});
  item.hs_code_declared = "2933.39";
  item.hs_code_expected = {"2933.36"};
  item.hs_code_consistent = false;
  r.items.push_back(item);
  r.controlled_items = {0};
  r.licence_required_items = {0};
  r.notification_required_items = {0};
  r.missing_documents = {"importer_guarantee"};
  r.hs_code_inconsistencies.push_back({0, "2933.39", {"2933.36"}});
  r.prior_importer_outcomes = std::vector<PriorOutcome>{{7, "refused", "end use not shown"}};
  r.concerns = 4;
  return r;
}

TEST(RiskSummary, ReadsBackWhatItWrites) {
  Json j = ToJson(Sample());
  EXPECT_EQ(ToJson(RiskSummaryFromJson(j)), j);
  EXPECT_EQ(j["items"][0]["reasons"][0]["since"], "2010-04-15");
  EXPECT_FALSE(j["items"][0].contains("error")) << "an item that was screened has no error";
  EXPECT_EQ(j["prior_importer_outcomes"][0]["outcome"], "refused");
}

TEST(RiskSummary, TheExportersViewHasNoImporterHistory) {
  auto view = WithoutImporterHistory(Sample());
  EXPECT_FALSE(view.prior_importer_outcomes.has_value());
  EXPECT_EQ(view.concerns, 3);
  EXPECT_FALSE(ToJson(view).contains("prior_importer_outcomes"));
}

TEST(RiskSummary, AnOlderSummaryPresumesEveryDutyForItsControlledItems) {
  Json old = ToJson(Sample());
  old.erase("licence_required_items");
  old.erase("notification_required_items");
  old["controlled_items"] = {0, 2};
  auto r = RiskSummaryFromJson(old);
  EXPECT_EQ(r.licence_required_items, (std::vector<int>{0, 2}));
  EXPECT_EQ(r.notification_required_items, (std::vector<int>{0, 2}));
}

}  // namespace
}  // namespace pc::licensing
