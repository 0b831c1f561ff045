#include "licensing/approval.h"

#include <algorithm>

#include "licensing/risk.h"

namespace pc::licensing {
namespace {

std::string Items(const Json& indices) {
  std::string out;
  for (const auto& i : indices) {
    if (!out.empty()) out += ", ";
    out += std::to_string(i.get<int>() + 1);
  }
  return out;
}

bool Empty(const Json& risk, const char* key) { return !risk.contains(key) || risk[key].empty(); }

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
  const Json& risk = app.risk.is_object() ? app.risk : Json::object();

  auto missing = MissingDocuments(app);
  Condition docs{"documents", missing.empty(), false, ""};
  if (!docs.met) {
    docs.reason = "required documents are missing (China Regulations art. 26): ";
    for (size_t i = 0; i < missing.size(); ++i) docs.reason += (i ? ", " : "") + missing[i];
  }
  out.push_back(docs);

  Condition identified{"identified", Empty(risk, "unresolved_items"), false, ""};
  if (!identified.met)
    identified.reason = "item " + Items(risk["unresolved_items"]) +
                        " could not be identified or read; a substance nobody identified cannot be licensed: "
                        "ask the exporter for a structure or CAS RN";
  out.push_back(identified);

  // The notification the law asks of this export (1988 Convention art.
  // 12(10)(a), as each listing's duties say; a risk summary from before the
  // duties were assessed falls back on "any controlled item").
  bool needed = risk.contains("notification_required_items") ? !Empty(risk, "notification_required_items")
                                                             : !Empty(risk, "controlled_items");
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

  Condition history{"importer_history", Empty(risk, "prior_importer_outcomes"), true, ""};
  if (!history.met) {
    history.reason = "earlier outcomes for this importer: ";
    bool first = true;
    for (const auto& p : risk["prior_importer_outcomes"]) {
      history.reason += std::string(first ? "" : "; ") + "application #" + std::to_string(p.value("application", 0)) +
                        " " + p.value("outcome", "");
      first = false;
    }
  }
  out.push_back(history);

  Condition watch{"watch_items", Empty(risk, "watch_items"), true, ""};
  if (!watch.met)
    watch.reason = "item " + Items(risk["watch_items"]) +
                   " is one conversion from a controlled substance (early warning); say why the export is safe";
  out.push_back(watch);

  Condition hs{"hs_codes", Empty(risk, "hs_code_inconsistencies"), true, ""};
  if (!hs.met) {
    hs.reason = "declared HS codes differ from the registry's:";
    for (const auto& x : risk["hs_code_inconsistencies"]) {
      std::string expected;
      for (const auto& e : x["expected"]) expected += (expected.empty() ? "" : " or ") + e.get<std::string>();
      hs.reason += " item " + std::to_string(x.value("item", 0) + 1) + " declared " + x.value("declared", "") +
                   ", registry " + expected + ";";
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
