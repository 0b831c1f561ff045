// JSON forms of the domain records: the API shows them and the stores keep
// them (as documents, so a PostgreSQL backend can use JSONB the same way).
// Timestamps are ISO 8601 UTC strings, dates YYYY-MM-DD.
#pragma once

#include "licensing/entities.h"

namespace pc::licensing {

Json ToJson(const Organisation& o);
Organisation OrganisationFromJson(const Json& j);
Json ToJson(const User& u, bool with_secret = false);  // the hash only for the store
User UserFromJson(const Json& j);
Json ToJson(const RiskSummary& r);
RiskSummary RiskSummaryFromJson(const Json& j);
Json ToJson(const Application& a);
Application ApplicationFromJson(const Json& j);
Json ToJson(const Notification& n);
Notification NotificationFromJson(const Json& j);
Json ToJson(const Licence& l);
Licence LicenceFromJson(const Json& j);
Json ToJson(const Shipment& s);
Shipment ShipmentFromJson(const Json& j);
Json ToJson(const Flag& f);
Json ToJson(const ListChange& c);
// An item's screening; a list of them is null before submission.
Json ToJson(const ScreeningRecord& s);
Json ToJson(const std::vector<ScreeningRecord>& screening);
Json ToJson(const NotificationSummary& s);
Flag FlagFromJson(const Json& j);
Json ToJson(const AuditRecord& r);
Json ToJson(const Document& d);
Json ToJson(const LineItem& i);
Json ToJson(const Importer& i);
Json ToJson(const Route& r);
Json ToJson(const ApplicationContent& c);

}  // namespace pc::licensing
