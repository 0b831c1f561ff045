#include "http/query_reader.h"

#include <algorithm>

#include "common/error.h"

namespace pc::http {

rules::Query ReadQuery(ObjectReader& r, const registry::Registry& registry, Date today) {
  auto known = registry.jurisdictions();
  rules::Query query;
  query.jurisdictions = known;
  query.as_of = today;
  if (const Json* js = r.OptArray("jurisdictions", 20)) {
    query.jurisdictions.clear();
    for (size_t i = 0; i < js->size(); ++i) {
      const auto& v = (*js)[i];
      if (!v.is_string() || std::find(known.begin(), known.end(), v.get<std::string>()) == known.end())
        throw Invalid(r.Path("jurisdictions", i), "unknown jurisdiction (known: UN, US, CN, EU)");
      query.jurisdictions.push_back(v);
    }
    if (query.jurisdictions.empty()) throw Invalid("jurisdictions", "name at least one jurisdiction");
  }
  if (auto as_of = r.OptString("as_of", 10)) {
    auto d = Date::ParseDay(*as_of);
    if (!d) throw Invalid("as_of", "'" + *as_of + "' is not a date (YYYY-MM-DD)");
    query.as_of = *d;
  }
  return query;
}

}  // namespace pc::http
