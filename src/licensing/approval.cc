#include "licensing/approval.h"

#include <algorithm>

#include "licensing/risk.h"

namespace pc::licensing {
namespace {

// Item numbers as people count them, from 1.
std::string Items(const std::vector<int>& indices) {
  std::string out;
  for (int i : indices) {
    if (!out.empty()) out += ", ";
    out += std::to_string(i + 1);
  }
  return out;
}

// The notification condition: what a controlled item needs before approval.
Condition NotificationCondition(const Application& app, const std::vector<Notification>& notifications) {
  Condition c{"notification", true, false, ""};
  int revision = CurrentRevision(app);
  const Notification* latest = nullptr;
  for (const auto& n : notifications)
    if (n.revision == revision && n.status != NotificationStatus::kWithdrawn && (!latest || n.sent >= latest->sent))
      latest = &n;
  if (!latest) {
    c.met = false;
    bool earlier = std::any_of(notifications.begin(), notifications.end(),
                               [&](const Notification& n) { return n.revision != revision; });
    c.reason = earlier ? "the application changed after the pre-export notification was sent; send a new "
                         "notification describing it as it is now"
                       : "an item needs a pre-export notification to the importing country (1988 Convention "
                         "art. 12(10)(a)); send it and wait for the reply or the deadline";
  } else if (latest->status == NotificationStatus::kPending) {
    c.met = false;
    c.reason = "the pre-export notification awaits the importing country's reply until " + FormatTime(latest->deadline);
  }
  return c;
}

}  // namespace

std::vector<Condition> ApprovalConditions(const Application& app, const std::vector<Notification>& notifications,
                                          Date valid_until, Date today) {
  std::vector<Condition> out;
  const RiskSummary risk = app.risk.value_or(RiskSummary{});

  auto missing = MissingDocuments(app);
  Condition docs{"documents", missing.empty(), false, ""};
  if (!docs.met) {
    docs.reason = "required documents are missing (China Regulations art. 26): ";
    for (size_t i = 0; i < missing.size(); ++i) docs.reason += (i ? ", " : "") + missing[i];
  }
  out.push_back(docs);

  Condition identified{"identified", risk.unresolved_items.empty(), false, ""};
  if (!identified.met)
    identified.reason = "item " + Items(risk.unresolved_items) +
                        " could not be identified or read; a substance nobody identified cannot be licensed: "
                        "ask the exporter for a structure or CAS RN";
  out.push_back(identified);

  // The notification the law asks of this export (1988 Convention art.
  // 12(10)(a), as each listing's duties say; a risk summary from before the
  // duties were assessed falls back on "any controlled item").
  bool needed = !risk.notification_required_items.empty();
  if (needed) out.push_back(NotificationCondition(app, notifications));

  Condition objection{"objection", true, false, ""};
  for (const auto& n : notifications)
    if (n.status == NotificationStatus::kObjection) {
      objection.met = false;
      objection.reason = "the importing country (" + n.country + ") objected to this export: " + n.reasons;
    }
  out.push_back(objection);

  Condition no_reply{"no_reply", true, true, ""};
  int revision = CurrentRevision(app);
  for (const auto& n : notifications)
    if (n.revision == revision && n.status == NotificationStatus::kNoReply) {
      no_reply.met = false;
      no_reply.reason = "the importing country did not reply by " + FormatTime(n.deadline) +
                        "; approving after silence needs written reasons";
    }
  out.push_back(no_reply);

  const auto prior = risk.prior_importer_outcomes.value_or(std::vector<PriorOutcome>{});
  Condition history{"importer_history", prior.empty(), true, ""};
  if (!history.met) {
    history.reason = "earlier outcomes for this importer: ";
    bool first = true;
    for (const auto& p : prior) {
      history.reason += std::string(first ? "" : "; ") + "application #" + std::to_string(p.application) + " " +
                        p.outcome;
      first = false;
    }
  }
  out.push_back(history);

  Condition watch{"watch_items", risk.watch_items.empty(), true, ""};
  if (!watch.met)
    watch.reason = "item " + Items(risk.watch_items) +
                   " is one conversion from a controlled substance (early warning); say why the export is safe";
  out.push_back(watch);

  Condition hs{"hs_codes", risk.hs_code_inconsistencies.empty(), true, ""};
  if (!hs.met) {
    hs.reason = "declared HS codes differ from the registry's:";
    for (const auto& x : risk.hs_code_inconsistencies) {
      std::string expected;
      for (const auto& e : x.expected) expected += (expected.empty() ? "" : " or ") + e;
      hs.reason += " item " + std::to_string(x.item + 1) + " declared " + x.declared + ", registry " + expected + ";";
    }
    hs.reason.pop_back();
  }
  out.push_back(hs);

  Condition shipment{"shipment_date", app.planned_shipment >= today, false, ""};
  if (!shipment.met)
    shipment.reason = "the planned shipment date " + app.planned_shipment.ToString() +
                      " has passed; ask the exporter to correct it";
  out.push_back(shipment);

  Condition validity{"validity", valid_until >= app.planned_shipment, false, ""};
  if (!validity.met)
    validity.reason = "the licence would end on " + valid_until.ToString() + ", before the planned shipment on " +
                      app.planned_shipment.ToString() + "; choose a longer validity";
  out.push_back(validity);
  return out;
}

Json ToJson(const Condition& c) {
  return {{"condition", c.code}, {"met", c.met}, {"overridable", c.overridable},
          {"reason", c.met ? Json() : Json(c.reason)}};
}

}  // namespace pc::licensing
