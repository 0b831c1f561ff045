// Routes for licences and customs.
#include <httplib.h>

#include "http/pagination.h"
#include "http/qr_svg.h"
#include "http/server.h"
#include "licensing/risk.h"
#include "licensing/serialize.h"

namespace pc::http {

using namespace pc::licensing;

namespace {

// A licence with its state as of the request, the word every page shows.
Json View(const Licence& l, Timestamp now) {
  Json j = ToJson(l);
  j["state"] = StateOf(l, DayOf(now));
  return j;
}

}  // namespace

void Api::RegisterLicences(httplib::Server& s) {
  Route(s, "GET", "/api/v1/licences", {}, [this](Context& c) {
    auto page = ReadPage(c.req);
    LicenceQuery q;
    auto param = [&](const char* name, std::string& out) {
      if (!c.req.has_param(name)) return;
      out = c.req.get_param_value(name);
      if (out.size() > 200) throw Invalid(name, "longer than 200 characters");
    };
    param("number", q.number);
    param("exporter", q.exporter);
    param("hs_code", q.hs_code);
    if (!q.hs_code.empty() && HsSubheading(q.hs_code).empty())
      throw Invalid("hs_code", "'" + q.hs_code + "' is not an HS code (at least six digits, e.g. 2933.36)");
    Json out = Json::array();
    for (const auto& l : service_.ListLicences(c.actor, q)) out.push_back(View(l, c.now));
    Json body = Json::object();
    AddPage(c.req, c.res, body, "licences", out, page);
    SendJson(c.res, 200, body);
  });
  Route(s, "GET", "/api/v1/licences/{number}", {}, [this](Context& c) {
    SendJson(c.res, 200, View(service_.GetLicence(c.actor, c.Param(1)), c.now));
  });
  Route(s, "GET", "/api/v1/licences/{number}/qr.svg", {}, [this](Context& c) {
    // The printed e-licence's link to its verification page on this server.
    auto licence = service_.GetLicence(c.actor, c.Param(1));
    std::string host = c.req.get_header_value("Host");
    if (host.empty() || host.find_first_of(" /\\\"<>") != std::string::npos) host = "localhost";
    c.res.set_content(QrSvg("http://" + host + "/#/verify/" + licence.number), "image/svg+xml");
  });
  Route(s, "GET", "/api/v1/licences/{number}/verify", {}, [this](Context& c) {
    SendJson(c.res, 200, service_.VerifyLicence(c.actor, c.Param(1), c.now));
  });
  Route(s, "POST", "/api/v1/licences/{number}/revoke", {.creating = true}, [this](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto reasons = r.String("reasons", 20000);
    r.Done();
    SendJson(c.res, 200, View(service_.RevokeLicence(c.actor, c.Param(1), reasons, c.now), c.now));
  });
  Route(s, "GET", "/api/v1/licences/{number}/shipments", {}, [this](Context& c) {
    auto page = ReadPage(c.req);
    Json out = Json::array();
    for (const auto& sh : service_.ListShipments(c.actor, c.Param(1))) out.push_back(ToJson(sh));
    Json body = Json::object();
    AddPage(c.req, c.res, body, "shipments", out, page);
    SendJson(c.res, 200, body);
  });
  Route(s, "POST", "/api/v1/licences/{number}/shipments", {.creating = true}, [this](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto reference = r.String("reference", 200);
    const Json& lines = r.Array("lines", 100);
    std::vector<ShipmentLine> parsed;
    for (size_t i = 0; i < lines.size(); ++i) {
      ObjectReader o(lines[i], r.Path("lines", i));
      auto item = o.OptInt("item");
      if (!item) throw Invalid(o.Path("item"), "is required");
      if (*item < 0 || *item > 1000) throw Invalid(o.Path("item"), "no such item");
      parsed.push_back({int(*item), o.Number("quantity")});
      o.Done();
    }
    r.Done();
    auto shipment = service_.RecordShipment(c.actor, c.Param(1), parsed, reference, c.now);
    c.res.set_header("Location", "/api/v1/licences/" + c.Param(1) + "/shipments");
    SendJson(c.res, 201, ToJson(shipment));
  });
}

}  // namespace pc::http
