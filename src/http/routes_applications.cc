// Routes for the exporter's side of an application.
#include <httplib.h>

#include <map>

#include "http/pagination.h"
#include "http/server.h"
#include "licensing/input_limits.h"
#include "licensing/risk.h"
#include "licensing/serialize.h"

namespace pc::http {

using namespace pc::licensing;

namespace {

Party ReadParty(ObjectReader& o, bool required) {
  Party p;
  auto text = [&](const char* key, std::size_t max) {
    return required ? o.String(key, max) : o.OptString(key, max).value_or("");
  };
  p.name = text("name", limits::kPartyName);
  p.country = text("country", limits::kCountryText);
  p.address = text("address", limits::kAddress);
  p.registration_number = text("registration_number", limits::kRegistrationNumber);
  o.Done();
  return p;
}

ApplicationInput ReadApplication(ObjectReader& r) {
  ApplicationInput in;
  auto imp = r.Object("importer");
  in.importer = ReadParty(imp, true);
  if (auto c = r.OptObject("consignee")) in.consignee = ReadParty(*c, false);
  in.destination = r.String("destination", limits::kCountryText);
  in.end_use = r.String("end_use", limits::kEndUse);
  in.planned_shipment_date = r.String("planned_shipment_date", 10);
  in.import_authorisation = r.OptString("import_authorisation", limits::kImportAuthorisation).value_or("");
  if (auto route = r.OptObject("route")) {
    if (const Json* transit = route->OptArray("transit_countries", limits::kTransitCountries))
      for (size_t i = 0; i < transit->size(); ++i) {
        if (!(*transit)[i].is_string()) throw Invalid(route->Path("transit_countries", i), "must be a country code");
        in.route.transit_countries.push_back((*transit)[i]);
      }
    in.route.port_of_exit = route->OptString("port_of_exit", limits::kPort).value_or("");
    in.route.port_of_entry = route->OptString("port_of_entry", limits::kPort).value_or("");
    in.route.transport_mode = route->OptString("transport_mode", 20).value_or("");
    route->Done();
  }
  const Json& items = r.Array("items", limits::kItems);
  for (size_t i = 0; i < items.size(); ++i) {
    ObjectReader o(items[i], r.Path("items", i));
    LineItem item;
    item.substance = o.String("substance", limits::kSubstance);
    item.substance_type = o.OptString("substance_type", 10).value_or("auto");
    item.quantity = o.Number("quantity");
    item.unit = o.String("unit", 5);
    item.hs_code = o.String("hs_code", limits::kHsCode);
    item.concentration = o.OptNumber("concentration");
    o.Done();
    in.items.push_back(std::move(item));
  }
  return in;
}

std::optional<std::int64_t> Version(Api::Context& c, ObjectReader& r) {
  auto header = c.IfMatch();
  auto field = r.OptInt("version");
  if (header && field && *header != *field) throw Invalid("version", "If-Match and version disagree");
  return header ? header : field;
}

}  // namespace

Json Api::ApplicationView(const Context& c, const Application& a) {
  Json j = ToJson(a);
  j["decision_clock"] = ToJson(ClockFor(a, service_.config().decision_days, c.now));
  // The officer reviews who applies as well as what for.
  if (c.actor.user.role == Role::kOfficer) j["exporter_organisation"] = ToJson(service_.ExporterOf(c.actor, a.id));
  return j;
}

void Api::RegisterApplications(httplib::Server& s) {
  const int days = service_.config().decision_days;
  auto view = [this](const Context& c, const Application& a) { return ApplicationView(c, a); };
  Route(s, "GET", "/api/v1/applications", {}, [this, days](Context& c) {
    auto page = ReadPage(c.req);
    std::optional<AppStatus> status;
    if (c.req.has_param("status")) {
      status = ParseAppStatus(c.req.get_param_value("status"));
      if (!status) throw Invalid("status", "unknown status");
    }
    auto apps = service_.ListApplications(c.actor, status);
    // Officers read who applies in the queue itself.
    std::map<Id, std::string> exporters;
    if (c.actor.user.role == Role::kOfficer)
      for (const auto& o : service_.Organisations())
        if (o.kind == OrgKind::kExporter) exporters[o.id] = o.name;
    Json out = Json::array();
    for (const auto& a : apps) {
      // The queue shows the summary; the full record is one GET away.
      Json items = Json::array();
      std::string verdict;
      for (size_t i = 0; i < a.items.size(); ++i) {
        std::string v = i < a.screening.size() ? a.screening[i].current_verdict : "";
        items.push_back({{"substance", a.items[i].substance}, {"quantity", a.items[i].quantity},
                         {"unit", a.items[i].unit}, {"verdict", v.empty() ? Json() : Json(v)}});
        verdict = StrongerVerdict(verdict, v);
      }
      Json row = {{"id", a.id}, {"status", ToString(a.status)}, {"version", a.version}, {"revision", CurrentRevision(a)},
                  {"exporter", a.exporter_org}, {"importer", ToJson(a.importer)},
                  {"destination", a.destination}, {"submitted", a.submitted ? Json(FormatTime(*a.submitted)) : Json()},
                  {"items", items}, {"verdict", verdict.empty() ? Json() : Json(verdict)},
                  {"concerns", a.risk ? Json(a.risk->concerns) : Json()},
                  {"decision_clock", ToJson(ClockFor(a, days, c.now))}};
      if (auto it = exporters.find(a.exporter_org); it != exporters.end()) row["exporter_name"] = it->second;
      out.push_back(std::move(row));
    }
    Json body = Json::object();
    AddPage(c.req, c.res, body, "applications", out, page);
    SendJson(c.res, 200, body);
  });
  Route(s, "POST", "/api/v1/applications", {.creating = true}, [this, view](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto in = ReadApplication(r);
    r.Done();
    auto app = service_.CreateDraft(c.actor, in, c.now);
    c.res.set_header("Location", "/api/v1/applications/" + std::to_string(app.id));
    SendJson(c.res, 201, view(c, app));
  });
  Route(s, "GET", "/api/v1/applications/{id}", {}, [this, view](Context& c) {
    SendJson(c.res, 200, view(c, service_.GetApplication(c.actor, c.IdParam(1))));
  });
  Route(s, "PATCH", "/api/v1/applications/{id}", {}, [this, view](Context& c) {
    // The whole application is sent again (no partial merge): what you send is what is stored.
    auto body = c.Body();
    ObjectReader r(body, "");
    auto version = Version(c, r);
    auto in = ReadApplication(r);
    r.Done();
    if (!version) throw Invalid("version", "an update needs the version it is based on (If-Match or version)");
    SendJson(c.res, 200, view(c, service_.Update(c.actor, c.IdParam(1), *version, in, c.now)));
  });
  Route(s, "POST", "/api/v1/applications/{id}/withdraw", {.creating = true}, [this, view](Context& c) {
    std::optional<std::int64_t> version = c.IfMatch();
    if (!c.req.body.empty()) {
      auto body = c.Body();
      ObjectReader r(body, "");
      version = Version(c, r);
      r.Done();
    }
    SendJson(c.res, 200, view(c, service_.Withdraw(c.actor, c.IdParam(1), version, c.now)));
  });
  Route(s, "GET", "/api/v1/applications/{id}/changes", {}, [this](Context& c) {
    auto page = ReadPage(c.req);
    int since = 1;
    if (c.req.has_param("since")) {
      try {
        since = std::stoi(c.req.get_param_value("since"));
      } catch (const std::exception&) {
        throw Invalid("since", "must be a revision number");
      }
    }
    Json changes = Json::array();
    for (const auto& ch : service_.Changes(c.actor, c.IdParam(1), since))
      changes.push_back({{"field", ch.field}, {"before", ch.before}, {"after", ch.after}});
    Json body = {{"since", since}};
    AddPage(c.req, c.res, body, "changes", changes, page);
    SendJson(c.res, 200, body);
  });
  Route(s, "POST", "/api/v1/applications/{id}/documents", {.creating = true}, [this](Context& c) {
    // The body is the file itself; its type and name come with the request.
    if (!c.req.has_param("type")) throw Invalid("type", "is required (export_contract, proof_of_legal_business, import_permit, importer_guarantee)");
    auto type = ParseDocumentType(c.req.get_param_value("type"));
    if (!type) throw Invalid("type", "must be export_contract, proof_of_legal_business, import_permit or importer_guarantee");
    std::string filename = c.req.has_param("filename") ? c.req.get_param_value("filename") : "";
    std::string mime = c.req.get_header_value("Content-Type");
    if (auto semi = mime.find(';'); semi != std::string::npos) mime = mime.substr(0, semi);
    auto doc = service_.AddDocument(c.actor, c.IdParam(1), *type, filename, mime, c.req.body, c.now);
    c.res.set_header("Location", "/api/v1/applications/" + c.Param(1) + "/documents/" + std::to_string(doc.id));
    SendJson(c.res, 201, ToJson(doc));
  });
  Route(s, "GET", "/api/v1/applications/{id}/documents/{document}", {}, [this](Context& c) {
    auto [doc, bytes] = service_.GetDocument(c.actor, c.IdParam(1), c.IdParam(2));
    c.res.set_header("Content-Disposition", "attachment; filename=\"document-" + std::to_string(doc.id) + "\"");
    c.res.set_header("Digest", "sha-256=" + doc.sha256);
    c.res.set_content(bytes, doc.mime_type.c_str());
  });
  Route(s, "POST", "/api/v1/applications/{id}/submit", {.creating = true}, [this, view](Context& c) {
    std::optional<std::int64_t> version = c.IfMatch();
    if (!c.req.body.empty()) {
      auto body = c.Body();
      ObjectReader r(body, "");
      version = Version(c, r);
      r.Done();
    }
    SendJson(c.res, 200, view(c, service_.Submit(c.actor, c.IdParam(1), version, c.now)));
  });
  Route(s, "POST", "/api/v1/applications/{id}/answer", {.creating = true}, [this, view](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto version = Version(c, r);
    auto answer = r.String("answer", limits::kAnswer);
    r.Done();
    SendJson(c.res, 200, view(c, service_.AnswerInformation(c.actor, c.IdParam(1), answer, version, c.now)));
  });
}

}  // namespace pc::http
