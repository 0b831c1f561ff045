#include "registry/obligations.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "common/strings.h"
#include "registry/registry.h"

namespace pc::registry {

std::string_view ToString(Duty duty) {
  switch (duty) {
    case Duty::kRequired: return "required";
    case Duty::kNotRequired: return "not_required";
    case Duty::kUnknown: return "unknown";
  }
  return "?";
}

namespace {

// A unit as a dimension and its size in that dimension's base (kg, L).
struct Unit {
  char dimension;  // 'm' mass, 'v' volume
  double base;
};
std::optional<Unit> ParseUnit(const std::string& unit) {
  static const std::map<std::string, Unit> kUnits = {
      {"mg", {'m', 1e-6}}, {"g", {'m', 1e-3}}, {"kg", {'m', 1}},      {"t", {'m', 1e3}},
      {"mL", {'v', 1e-3}}, {"L", {'v', 1}},    {"gal", {'v', 3.785411784}}};  // US gallon
  auto it = kUnits.find(unit);
  if (it == kUnits.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<TransactionProblem> Problem(const Transaction& t) {
  const auto& d = t.destination;
  if (!d.empty() && (d.size() != 2 || !std::isupper((unsigned char)d[0]) || !std::isupper((unsigned char)d[1])))
    return TransactionProblem{"destination", "'" + d + "' is not an ISO 3166-1 alpha-2 code (two capital letters)"};
  if (t.quantity && !(*t.quantity > 0)) return TransactionProblem{"quantity", "must be a positive number"};
  if ((t.quantity && t.unit.empty()) || (!t.unit.empty() && !ParseUnit(t.unit)))
    return TransactionProblem{"unit", "a quantity needs its unit: mg, g, kg, t, mL, L or gal"};
  if (t.concentration_percent && !(*t.concentration_percent > 0 && *t.concentration_percent <= 100))
    return TransactionProblem{"concentration", "a percentage by weight above 0 and at most 100"};
  return std::nullopt;
}

namespace {

std::string Number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::string Amount(double quantity, const std::string& unit) { return Number(quantity) + " " + unit; }

std::string Caution(Verification v) {
  return v == Verification::kVerified ? "" : " (" + std::string(ToString(v)) + ": not verified in a primary text)";
}

// The duty of an obligation that applies only at or above the threshold,
// for `fraction` of the goods being the listed substance.
void ThresholdDuty(const Entry& e, const Transaction& t, double fraction, ObligationAnswer& a) {
  if (!e.threshold) {
    a.duty = Duty::kUnknown;
    a.reason = "applies at or above a threshold the registry does not know for this listing";
    return;
  }
  const Threshold& th = *e.threshold;
  if (th.none) {
    a.duty = Duty::kRequired;
    a.reason = "no threshold: every quantity is regulated (" + th.citation + ")" + Caution(th.verification);
    return;
  }
  std::string limit = Amount(th.quantity, th.unit) + (th.basis.empty() ? "" : " (" + th.basis + ")");
  if (!t.quantity) {
    a.duty = Duty::kUnknown;
    a.reason = "no quantity given; the threshold is " + limit;
    return;
  }
  auto have = ParseUnit(t.unit), need = ParseUnit(th.unit);
  if (!have) {
    a.duty = Duty::kUnknown;
    a.reason = "unit '" + t.unit + "' is not one of mg, g, kg, t, mL, L, gal";
    return;
  }
  if (have->dimension != need->dimension) {
    a.duty = Duty::kUnknown;
    a.reason = "the threshold (" + limit + ") and the quantity (" + Amount(*t.quantity, t.unit) +
               ") are not of one dimension: the density is needed";
    return;
  }
  double amount = *t.quantity * have->base / need->base * fraction;
  std::string of = Amount(amount, th.unit) + " of the substance";
  if (amount >= th.quantity) {
    a.duty = Duty::kRequired;
    a.reason = of + " is at or above the threshold of " + limit + " (" + th.citation + ")" +
               Caution(th.verification);
  } else if (th.cumulative_per_month) {
    a.duty = Duty::kUnknown;
    a.reason = of + " is below the threshold of " + limit + ", but the threshold counts every " +
               "transaction of the calendar month (" + th.citation + ")" + Caution(th.verification);
  } else {
    a.duty = Duty::kNotRequired;
    a.reason = of + " is below the threshold of " + limit + " (" + th.citation + ")" +
               Caution(th.verification);
  }
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::vector<ObligationAnswer> Registry::ObligationsFor(const Entry& entry, const Transaction& t) const {
  std::vector<ObligationAnswer> out;
  if (!entry.InForce(t.as_of) || entry.kind != EntryKind::kSubstance) return out;

  // A mixture first: it may fall outside the listing altogether, or its
  // status may turn on facts the transaction does not state.
  std::optional<std::string> outside, open;
  double fraction = 1.0;
  if (t.concentration_percent && *t.concentration_percent < 100) {
    double pct = *t.concentration_percent;
    fraction = std::max(0.0, pct) / 100.0;
    std::string mix = "a mixture with " + Number(pct) + " % of " + entry.name;
    if (!entry.mixture) {
      open = mix + ": the registry knows no mixture rule for this listing";
    } else {
      const MixtureRule& m = *entry.mixture;
      std::string cite = " (" + m.citation + ")" + Caution(m.verification);
      switch (m.kind) {
        case MixtureKind::kAnyConcentration: break;
        case MixtureKind::kAbovePercent:
          if (pct <= m.percent)
            outside = mix + " is not above the " + Number(m.percent) + " % the rule sets" + cite;
          break;
        case MixtureKind::kNotEasilyRecoverable:
          open = mix + " is controlled only if the substance can easily be recovered" + cite;
          break;
        case MixtureKind::kExemptByRegulation:
          open = mix + " is exempt only if it meets the criteria of " + m.citation + Caution(m.verification);
          break;
      }
    }
  }
  auto decide = [&](ObligationAnswer& a, bool by_threshold, const std::string& otherwise) {
    if (outside) {
      a.duty = Duty::kNotRequired;
      a.reason = *outside;
    } else if (open) {
      a.duty = Duty::kUnknown;
      a.reason = *open;
    } else if (by_threshold) {
      ThresholdDuty(entry, t, fraction, a);
    } else {
      a.duty = Duty::kRequired;
      a.reason = otherwise;
    }
    if (a.duty == Duty::kRequired && entry.mixture && !entry.mixture->excluded.empty() && fraction < 1.0)
      a.reason += "; unless the goods are " + entry.mixture->excluded;
  };

  // Goods sent to a country of the jurisdiction's own territory are not
  // exported from it: the supply is a domestic one there, and its export
  // duties are answered "not required" with the reason (within the EU,
  // Reg. (EC) 273/2004 binds the supply; 111/2005's export authorisation
  // binds only trade with third countries).
  const Territory* territory = TerritoryOf(entry.jurisdiction);
  const bool within = t.activity == Activity::kExport && territory && !t.destination.empty() &&
                      Contains(territory->members, t.destination);
  const Activity activity = within ? Activity::kDomestic : t.activity;
  const std::string no_export = within ? t.destination + " lies within " + entry.jurisdiction +
                                             ": sending goods there is no export (" + territory->citation + ")" +
                                             Caution(territory->verification)
                                       : "";

  const Category& category = CategoryOf(entry);
  for (const auto& o : category.obligations) {
    if (within && o.activity == Activity::kExport) {
      out.push_back({&entry, o, Duty::kNotRequired, no_export});
      continue;
    }
    if (o.activity != Activity::kAny && o.activity != activity) continue;
    ObligationAnswer a{&entry, o, Duty::kUnknown, ""};
    decide(a, o.above_threshold, "every transaction of a substance in " + category.name + " (" + o.citation + ")" +
                                     Caution(o.verification));
    out.push_back(std::move(a));
  }

  // Destination rules of the jurisdiction's regimes (exports only).
  if (t.activity != Activity::kExport) return out;
  for (const auto& regime : entries_) {
    if (regime.jurisdiction != entry.jurisdiction || regime.destination_rules.empty() ||
        !regime.InForce(t.as_of))
      continue;
    for (const auto& rule : regime.destination_rules) {
      bool chemical = Contains(rule.chemicals, entry.id) || Contains(rule.chemicals, entry.category_id);
      bool destination = Contains(rule.destinations, t.destination);
      if (rule.chemicals_known && !chemical) continue;
      if (within) {
        out.push_back({&regime, rule.obligation, Duty::kNotRequired, no_export});
        continue;
      }
      if (rule.destinations_known && !t.destination.empty() && !destination) continue;
      ObligationAnswer a{&regime, rule.obligation, Duty::kUnknown, ""};
      std::string cite = " (" + regime.citation + ")" + Caution(rule.obligation.verification);
      if (!rule.chemicals_known) {
        a.duty = Duty::kUnknown;
        a.reason = regime.name + ": which chemicals it covers is not known" + cite;
      } else if (!rule.destinations_known) {
        a.duty = Duty::kUnknown;
        a.reason = regime.name + ": which destinations it covers is not known" + cite;
      } else if (t.destination.empty()) {
        a.duty = Duty::kUnknown;
        a.reason = regime.name + " binds exports to " + Join(rule.destinations, ", ") + "; no destination given";
      } else {
        decide(a, rule.obligation.above_threshold,
               regime.name + ": " + t.destination + " is a listed destination" + cite);
      }
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace pc::registry
