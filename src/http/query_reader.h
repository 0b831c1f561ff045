// The as-of date and jurisdictions a screening request asks for, read the
// same way by every route that screens (POST /api/v1/screen, /api/v1/scan).
#pragma once

#include "common/date.h"
#include "http/request.h"
#include "registry/registry.h"
#include "rules/rule.h"

namespace pc::http {

// `jurisdictions` (default: all the registry knows) and `as_of` (default:
// `today`); throws pc::Error naming the field for an unknown code or date.
rules::Query ReadQuery(ObjectReader& r, const registry::Registry& registry, Date today);

}  // namespace pc::http
