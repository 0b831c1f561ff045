// The licensing service's closed vocabularies — units, document types,
// statuses, transport modes, approval conditions — each with the words a
// person reads. The service validates against these lists and the web
// interface reads them from GET /api/v1/meta, so no list is kept twice.
#pragma once

#include <string>
#include <vector>

#include "licensing/entities.h"

namespace pc::licensing {

struct Term {
  std::string code, label;
};

const std::vector<Term>& Units();            // kg, g, mg, L, mL
const std::vector<Term>& SubstanceTypes();   // auto, smiles, molfile, cas, name
const std::vector<Term>& TransportModes();   // sea, air, road, rail, post, multimodal
const std::vector<Term>& DocumentTypes();
const std::vector<Term>& ApplicationStatuses();
const std::vector<Term>& NotificationStatuses();
const std::vector<Term>& LicenceStates();    // valid, expired, exhausted, revoked
const std::vector<Term>& Conditions();       // approval conditions (approval.h)

bool Contains(const std::vector<Term>& terms, const std::string& code);
// "kg, g, mg, L or mL": the codes as a sentence names them.
std::string Alternatives(const std::vector<Term>& terms);

Json ToJson(const std::vector<Term>& terms);

// A quantity as people write it: "15 kg", "0.25 kg", "1200.5 g" (no
// trailing zeros, at most six decimals).
std::string FormatQuantity(double quantity, const std::string& unit);

}  // namespace pc::licensing
