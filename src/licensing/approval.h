// The conditions an approval must meet. An officer's approval is refused,
// with every unmet condition named, unless each one is met or is one the law
// lets the officer weigh and the officer gave written reasons for it.
//
// Hard conditions (never overridden):
//   documents        China Regulations art. 26: export contract, proof of
//                    the importer's legal business, import permit or the
//                    importer's guarantee.
//   identified       every item screened ok (no `error`, no `unresolved`):
//                    a substance nobody identified cannot be licensed.
//   notification     a controlled item needs a pre-export notification
//                    (1988 Convention art. 12(10)(a)) that describes the
//                    application as it is now and whose reply period ended.
//   objection        the importing country objected to this application.
//   validity         the licence would end before the planned shipment.
//   shipment_date    the planned shipment date has passed.
// Weighed with written reasons:
//   no_reply         the importing country stayed silent until its reply
//                    deadline (the Convention lets the exporting country
//                    proceed; the officer must say why).
//   importer_history an earlier refusal or objection for the same importer.
//   watch_items      an item is one conversion from a controlled substance.
//   hs_codes         a declared HS code differs from the registry's.
#pragma once

#include <string>
#include <vector>

#include "licensing/entities.h"

namespace pc::licensing {

struct Condition {
  std::string code;
  bool met = true;
  bool overridable = false;  // the officer may approve with written reasons
  std::string reason;        // what is wrong and what to do, when not met
};

// `app` carries its current screening and risk summary; `notifications` are
// this application's.
std::vector<Condition> ApprovalConditions(const Application& app, const std::vector<Notification>& notifications,
                                          Date valid_until, Date today);

Json ToJson(const Condition& c);

}  // namespace pc::licensing
