// "Do I need a licence?": the duties a listing imposes on one transaction,
// from the listing's category, threshold and mixture rule and the
// destination rules of its jurisdiction's regimes. Registry::ObligationsFor
// answers it; the types are here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/date.h"
#include "registry/entry.h"
#include "registry/law.h"

namespace pc::registry {

// What is known about the transaction. Anything left empty that a rule
// needs makes that rule's answer `unknown`, never "not required".
struct Transaction {
  Activity activity = Activity::kExport;
  std::string destination;  // ISO 3166-1 alpha-2 of the importing country (exports)
  std::optional<double> quantity;  // of the goods, in `unit`
  std::string unit;                // "mg", "g", "kg", "t", "mL", "L", "gal"
  // Percent by weight of the listed substance in the goods; empty: the
  // substance itself (100 %).
  std::optional<double> concentration_percent;
  Date as_of;
};

// What makes a described transaction unreadable, as the field and the
// reason (quantity without a known unit, a concentration outside (0, 100],
// a destination that is not two capital letters), or nothing. The CLI and
// the API both ask here, so they refuse the same things.
struct TransactionProblem {
  std::string field, reason;
};
std::optional<TransactionProblem> Problem(const Transaction& t);

enum class Duty { kRequired, kNotRequired, kUnknown };
std::string_view ToString(Duty duty);

struct ObligationAnswer {
  const Entry* source = nullptr;  // the listing, or the regime whose destination rule applies
  Obligation obligation;
  Duty duty = Duty::kUnknown;
  std::string reason;  // plain words: which rule decided, and on what
};

}  // namespace pc::registry
