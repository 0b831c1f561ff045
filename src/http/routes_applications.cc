// Routes for the exporter's side of an application.
#include <httplib.h>

#include "http/server.h"
#include "licensing/serialize.h"

namespace pc::http {

using namespace pc::licensing;

namespace {

ApplicationInput ReadApplication(ObjectReader& r) {
  ApplicationInput in;
  auto imp = r.Object("importer");
  in.importer.name = imp.String("name", 500);
  in.importer.country = imp.String("country", 2);
  in.importer.address = imp.String("address", 2000);
  in.importer.registration_number = imp.String("registration_number", 200);
  imp.Done();
  in.destination = r.String("destination", 2);
  in.end_use = r.String("end_use", 5000);
  in.planned_shipment_date = r.String("planned_shipment_date", 10);
  const Json& items = r.Array("items", 100);
  for (size_t i = 0; i < items.size(); ++i) {
    ObjectReader o(items[i], r.Path("items", i));
    LineItem item;
    item.substance = o.String("substance", 100000);
    item.substance_type = o.OptString("substance_type", 10).value_or("auto");
    item.quantity = o.Number("quantity");
    item.unit = o.String("unit", 5);
    item.hs_code = o.String("hs_code", 100);
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

Json View(const Application& a, int decision_days, Timestamp now) {
  Json j = ToJson(a);
  j["decision_clock"] = ToJson(ClockFor(a, decision_days, now));
  return j;
}

}  // namespace

void Api::RegisterApplications(httplib::Server& s) {
  const int days = service_.config().decision_days;
  Route(s, "GET", "/api/v1/applications", true, false, [this, days](Context& c) {
    std::optional<AppStatus> status;
    if (c.req.has_param("status")) {
      status = ParseAppStatus(c.req.get_param_value("status"));
      if (!status) throw Invalid("status", "unknown status");
    }
    Json out = Json::array();
    for (const auto& a : service_.ListApplications(c.actor, status)) {
      // The queue shows the summary; the full record is one GET away.
      out.push_back({{"id", a.id}, {"status", ToString(a.status)}, {"version", a.version},
                     {"exporter", a.exporter_org}, {"importer", ToJson(a.importer)},
                     {"destination", a.destination}, {"submitted", a.submitted ? Json(FormatTime(*a.submitted)) : Json()},
                     {"concerns", a.risk.is_object() ? a.risk["concerns"] : Json()},
                     {"decision_clock", ToJson(ClockFor(a, days, c.now))}});
    }
    SendJson(c.res, 200, {{"applications", out}});
  });
  Route(s, "POST", "/api/v1/applications", true, true, [this, days](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto in = ReadApplication(r);
    r.Done();
    auto app = service_.CreateDraft(c.actor, in, c.now);
    c.res.set_header("Location", "/api/v1/applications/" + std::to_string(app.id));
    SendJson(c.res, 201, View(app, days, c.now));
  });
  Route(s, "GET", "/api/v1/applications/{id}", true, false, [this, days](Context& c) {
    SendJson(c.res, 200, View(service_.GetApplication(c.actor, c.IdParam(1)), days, c.now));
  });
  Route(s, "PATCH", "/api/v1/applications/{id}", true, false, [this, days](Context& c) {
    // The whole draft is sent again (no partial merge): what you send is what is stored.
    auto body = c.Body();
    ObjectReader r(body, "");
    auto version = Version(c, r);
    auto in = ReadApplication(r);
    r.Done();
    if (!version) throw Invalid("version", "an update needs the version it is based on (If-Match or version)");
    SendJson(c.res, 200, View(service_.UpdateDraft(c.actor, c.IdParam(1), *version, in, c.now), days, c.now));
  });
  Route(s, "POST", "/api/v1/applications/{id}/documents", true, true, [this](Context& c) {
    // The body is the file itself; its type and name come with the request.
    if (!c.req.has_param("type")) throw Invalid("type", "is required (export_contract, proof_of_legal_business, import_permit, importer_guarantee)");
    auto type = ParseDocumentType(c.req.get_param_value("type"));
    if (!type) throw Invalid("type", "must be export_contract, proof_of_legal_business, import_permit or importer_guarantee");
    std::string filename = c.req.has_param("filename") ? c.req.get_param_value("filename") : "";
    std::string mime = c.req.get_header_value("Content-Type");
    if (auto semi = mime.find(';'); semi != std::string::npos) mime = mime.substr(0, semi);
    auto doc = service_.AddDocument(c.actor, c.IdParam(1), *type, filename, mime, c.req.body, c.now);
    SendJson(c.res, 201, ToJson(doc));
  });
  Route(s, "GET", "/api/v1/applications/{id}/documents/{document}", true, false, [this](Context& c) {
    auto [doc, bytes] = service_.GetDocument(c.actor, c.IdParam(1), c.IdParam(2));
    c.res.set_header("Content-Disposition", "attachment; filename=\"document-" + std::to_string(doc.id) + "\"");
    c.res.set_header("Digest", "sha-256=" + doc.sha256);
    c.res.set_content(bytes, doc.mime_type.c_str());
  });
  Route(s, "POST", "/api/v1/applications/{id}/submit", true, true, [this, days](Context& c) {
    std::optional<std::int64_t> version = c.IfMatch();
    if (!c.req.body.empty()) {
      auto body = c.Body();
      ObjectReader r(body, "");
      version = Version(c, r);
      r.Done();
    }
    SendJson(c.res, 200, View(service_.Submit(c.actor, c.IdParam(1), version, c.now), days, c.now));
  });
  Route(s, "POST", "/api/v1/applications/{id}/answer", true, true, [this, days](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto version = Version(c, r);
    auto answer = r.String("answer", 20000);
    r.Done();
    SendJson(c.res, 200,
             View(service_.AnswerInformation(c.actor, c.IdParam(1), answer, version, c.now), days, c.now));
  });
}

}  // namespace pc::http
