// Read-only routes the web interface needs beside the licensing API: a
// structure depiction (SVG, RDKit, highlighted atoms) and the registry as of
// a date with its upcoming changes.
#include <GraphMol/MolDraw2D/MolDraw2DSVG.h>
#include <GraphMol/MolDraw2D/MolDraw2DUtils.h>
#include <httplib.h>

#include <algorithm>

#include "chem/molecule.h"
#include "common/json_text.h"
#include "http/pagination.h"
#include "http/server.h"
#include "licensing/serialize.h"
#include "registry/json.h"
#include "registry/registry.h"

namespace pc::http {

using namespace pc::licensing;

namespace {

Date DayParam(const Api::Context& c, const std::string& name, Date fallback) {
  if (!c.req.has_param(name)) return fallback;
  std::string v = c.req.get_param_value(name);
  auto d = Date::ParseDay(v);
  if (!d) throw Invalid(name, "'" + v.substr(0, 40) + "' is not a date (YYYY-MM-DD)");
  return *d;
}

bool WantsJurisdiction(const Api::Context& c, const std::string& j) {
  if (!c.req.has_param("jurisdiction")) return true;
  for (size_t i = 0; i < c.req.get_param_value_count("jurisdiction"); ++i)
    if (c.req.get_param_value("jurisdiction", i) == j) return true;
  return false;
}

}  // namespace

void Api::RegisterWeb(httplib::Server& s) {
  // {smiles, atoms?: [atom index], width?, height?, legend?} -> image/svg+xml
  Route(s, "POST", "/api/v1/depict", {}, [this](Context& c) {
    auto body = c.Body();
    ObjectReader r(body, "");
    auto smiles = r.String("smiles", 5000);
    std::vector<int> atoms;
    if (const Json* a = r.OptArray("atoms", 1000))
      for (size_t i = 0; i < a->size(); ++i) {
        if (!(*a)[i].is_number_integer()) throw Invalid(r.Path("atoms", i), "must be an atom index");
        atoms.push_back((*a)[i].get<int>());
      }
    int width = int(r.OptInt("width").value_or(360));
    int height = int(r.OptInt("height").value_or(260));
    if (width < 50 || width > 2000) throw Invalid("width", "must be from 50 to 2000");
    if (height < 50 || height > 2000) throw Invalid("height", "must be from 50 to 2000");
    auto legend = r.OptString("legend", 200).value_or("");
    r.Done();
    auto slot = cpu_gate_.Enter();  // drawing is CPU-bound
    chem::ParseLimits limits;
    limits.max_text_bytes = 5000;
    limits.max_heavy_atoms = 200;
    auto parsed = chem::ParseSmiles(smiles, limits);
    if (!parsed) throw Invalid("smiles", parsed.error);
    for (size_t i = 0; i < atoms.size(); ++i)
      if (atoms[i] < 0 || unsigned(atoms[i]) >= parsed.mol->getNumAtoms())
        throw Invalid("atoms[" + std::to_string(i) + "]", "no such atom in the structure");
    // Bonds between two highlighted atoms are highlighted too.
    std::vector<int> bonds;
    for (const auto* b : parsed.mol->bonds())
      if (std::find(atoms.begin(), atoms.end(), int(b->getBeginAtomIdx())) != atoms.end() &&
          std::find(atoms.begin(), atoms.end(), int(b->getEndAtomIdx())) != atoms.end())
        bonds.push_back(int(b->getIdx()));
    RDKit::MolDraw2DSVG drawer(width, height);
    drawer.drawOptions().clearBackground = false;
    RDKit::MolDraw2DUtils::prepareAndDrawMolecule(drawer, *parsed.mol, legend, atoms.empty() ? nullptr : &atoms,
                                                  bonds.empty() ? nullptr : &bonds);
    drawer.finishDrawing();
    c.res.status = 200;
    c.res.set_content(drawer.getDrawingText(), "image/svg+xml");
  });

  // ?as_of=YYYY-MM-DD&jurisdiction=CN (repeatable): entries in force, and
  // the entries not yet in force.
  Route(s, "GET", "/api/v1/registry", {}, [this](Context& c) {
    auto page = ReadPage(c.req);
    const auto& registry = service_.screener().registry();
    Date as_of = DayParam(c, "as_of", DayOf(c.now));
    nlohmann::ordered_json out;
    out["as_of"] = as_of.ToString();
    auto entries = nlohmann::ordered_json::array();
    for (const auto* e : registry.InForce(as_of))
      if (WantsJurisdiction(c, e->jurisdiction)) entries.push_back(registry::ToJson(*e));
    AddPage(c.req, c.res, out, "entries", entries, page);
    // The entries announced but not yet in force: a handful, never paged.
    out["pending"] = nlohmann::ordered_json::array();
    for (const auto* e : registry.Pending())
      if (WantsJurisdiction(c, e->jurisdiction)) out["pending"].push_back(registry::ToJson(*e));
    c.res.status = 200;
    c.res.set_content(JsonText(out), "application/json");
  });

  // ?from=&to= (default: today to a year from today): dated events, from <
  // date <= to, then the listings announced with no date yet (date null).
  Route(s, "GET", "/api/v1/registry/changes", {}, [this](Context& c) {
    auto page = ReadPage(c.req);
    const auto& registry = service_.screener().registry();
    Date today = DayOf(c.now);
    Date from = DayParam(c, "from", today);
    Date to = DayParam(c, "to", Date::ParseDay(std::to_string(std::stoi(today.ToString().substr(0, 4)) + 1) +
                                               today.ToString().substr(4))
                                    .value_or(today));
    if (to < from) throw Invalid("to", "comes before from");
    nlohmann::ordered_json out;
    out["from"] = from.ToString();
    out["to"] = to.ToString();
    auto changes = nlohmann::ordered_json::array();
    for (const auto& ch : registry.Feed(from, to)) {
      if (!WantsJurisdiction(c, ch.entry->jurisdiction)) continue;
      changes.push_back(registry::ToJson(ch));
    }
    AddPage(c.req, c.res, out, "changes", changes, page);
    c.res.status = 200;
    c.res.set_content(JsonText(out), "application/json");
  });
}

}  // namespace pc::http
