// GET /api/v1/meta: the service's vocabularies with the words people read,
// the jurisdictions the registry holds and the ISO 3166-1 countries, so a
// client shows the server's lists instead of keeping copies that drift.
#include <httplib.h>

#include "http/server.h"
#include "licensing/vocabulary.h"

namespace pc::http {

using namespace pc::licensing;

void Api::RegisterMeta(httplib::Server& s) {
  Route(s, "GET", "/api/v1/meta", {}, [this](Context& c) {
    Json countries = Json::array();
    for (const auto& [code, name] : service_.countries().names()) countries.push_back({{"code", code}, {"name", name}});
    const auto& config = service_.config();
    SendJson(c.res, 200,
             {{"units", ToJson(Units())},
              {"substance_types", ToJson(SubstanceTypes())},
              {"transport_modes", ToJson(TransportModes())},
              {"document_types", ToJson(DocumentTypes())},
              {"application_statuses", ToJson(ApplicationStatuses())},
              {"notification_statuses", ToJson(NotificationStatuses())},
              {"licence_states", ToJson(LicenceStates())},
              {"conditions", ToJson(Conditions())},
              {"jurisdictions", service_.screener().registry().jurisdictions()},
              {"countries", countries},
              {"exporting_country", config.exporting_country},
              {"decision_days", config.decision_days},
              {"default_reply_days", config.default_reply_days},
              {"default_validity_days", config.default_validity_days},
              {"max_document_bytes", config.max_document_bytes},
              {"today", DayOf(c.now).ToString()}});
  });
}

}  // namespace pc::http
