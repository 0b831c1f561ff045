// The risk summary an officer sees with a submitted application: what the
// screening found, what is missing, what does not add up, and what happened
// with this importer before. It informs the decision; it does not make it.
#pragma once

#include <string>
#include <vector>

#include "licensing/entities.h"
#include "registry/registry.h"
#include "rules/verdict.h"

namespace pc::licensing {

struct ItemScreening {
  rules::ScreenResult at_submission;  // as of the day of screening (submission or the latest change)
  rules::ScreenResult at_shipment;    // as of the planned shipment date
};

// China Regulations art. 26: the export contract, proof that the importer
// conducts legal business, and the importing government's certificate of
// legal use (import permit) or the importer's guarantee of legal use.
std::vector<std::string> MissingDocuments(const Application& a);

// HS subheadings (six digits, "2933.36") that the registry gives for the
// entries an item matched; empty when no matched entry carries one.
std::vector<std::string> ExpectedHsCodes(const rules::ScreenResult& r);
// The first six digits of a declared code, as "NNNN.NN"; empty if fewer.
std::string HsSubheading(const std::string& code);

RiskSummary SummariseRisk(const Application& a, const std::vector<ItemScreening>& screens,
                          const std::vector<PriorOutcome>& prior);
// The summary as an exporter may see it: other companies' refusals and the
// importing authorities' objection reasons are for officers alone.
RiskSummary WithoutImporterHistory(RiskSummary risk);

// The strongest verdict of a result, "error"/"unresolved" when not ok.
std::string VerdictWord(const rules::ScreenResult& r);
// Of two verdict words, the one an officer must look at first: controlled,
// then error and unresolved (nobody knows what it is), then watch, then clear.
std::string StrongerVerdict(const std::string& a, const std::string& b);

}  // namespace pc::licensing
