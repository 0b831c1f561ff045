// POST /api/v1/scan: the text of listings or goods descriptions in, one
// object per document out, as `precursor scan --format jsonl` writes them
// (text/scanner.h): {"text": ...} or {"documents": [{"id", "text", "html"}]},
// with optional "jurisdictions" and "as_of" as for /api/v1/screen.
#include <httplib.h>

#include <algorithm>

#include "common/json_text.h"
#include "http/server.h"
#include "http/query_reader.h"
#include "text/reader.h"
#include "text/scanner.h"

namespace pc::http {

using namespace pc::licensing;

void Api::RegisterScan(httplib::Server& s) {
  Route(s, "POST", "/api/v1/scan", {}, [this](Context& c) {
    if (!options_.scanner) throw Unavailable("text scanning is not configured on this server");
    auto body = c.Body();
    ObjectReader r(body, "");
    const auto& registry = service_.screener().registry();
    rules::Query query = ReadQuery(r, registry, DayOf(c.now));
    // A request body is at most max_json_bytes, so each text is bounded by it.
    text::DocumentLimits limits;
    std::vector<text::Document> docs;
    auto doc_from = [&](ObjectReader& o, const std::string& fallback_id) {
      auto id = o.OptString("id", 200).value_or(fallback_id);
      auto text = o.String("text", options_.max_json_bytes);
      bool html = o.OptBool("html").value_or(false);
      docs.push_back(text::MakeDocument(id, text, html, limits));
    };
    if (const Json* list = r.OptArray("documents", 1000)) {
      for (size_t i = 0; i < list->size(); ++i) {
        ObjectReader o((*list)[i], r.Path("documents", i));
        doc_from(o, std::to_string(i + 1));
        o.Done();
      }
    } else {
      doc_from(r, "1");
    }
    r.Done();
    screen_budget_.Check(c.actor.user.id);
    auto slot = cpu_gate_.Enter();
    std::string out = R"({"results":[)";
    for (size_t i = 0; i < docs.size(); ++i) {
      screen_budget_.Check(c.actor.user.id);
      CpuBudget::Meter meter(screen_budget_, c.actor.user.id);
      if (i) out += ',';
      out += JsonText(options_.scanner->Scan(docs[i], query));
    }
    out += "]}";
    c.res.set_content(out, "application/json");
  });
}

}  // namespace pc::http
