#include "chem/depict.h"

#include <cstdio>
#include <map>

#include <GraphMol/Depictor/RDDepictor.h>
#include <GraphMol/MolDraw2D/MolDraw2DSVG.h>
#include <GraphMol/RWMol.h>

namespace pc::chem {
namespace {

// Distinguishable on screen and in greyscale print.
const RDKit::DrawColour kPalette[] = {
    {0.99, 0.70, 0.40}, {0.55, 0.80, 0.99}, {0.65, 0.90, 0.55}, {0.95, 0.60, 0.85},
    {0.99, 0.90, 0.40}, {0.70, 0.70, 0.99}, {0.60, 0.90, 0.90}, {0.90, 0.75, 0.60}};

std::string Hex(const RDKit::DrawColour& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", int(c.r * 255), int(c.g * 255), int(c.b * 255));
  return buf;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

}  // namespace

std::string DrawSvg(const RDKit::ROMol& input, const std::vector<Highlight>& highlights,
                    const std::string& title, int width, int height) {
  RDKit::RWMol mol(input);
  RDDepict::compute2DCoords(mol);
  const int legend_height = 22 * int(highlights.size()) + 10;
  RDKit::MolDraw2DSVG drawer(width, height, width, height - legend_height);
  std::vector<int> atoms, bonds;
  std::map<int, RDKit::DrawColour> atom_colours, bond_colours;
  for (size_t i = 0; i < highlights.size(); ++i) {
    const auto& colour = kPalette[i % std::size(kPalette)];
    for (unsigned a : highlights[i].atoms) {
      if (a >= mol.getNumAtoms() || atom_colours.count(int(a))) continue;
      atoms.push_back(int(a));
      atom_colours[int(a)] = colour;
    }
  }
  for (const auto* bond : mol.bonds()) {
    auto b = atom_colours.find(int(bond->getBeginAtomIdx()));
    auto e = atom_colours.find(int(bond->getEndAtomIdx()));
    if (b != atom_colours.end() && e != atom_colours.end() && b->second == e->second) {
      bonds.push_back(int(bond->getIdx()));
      bond_colours[int(bond->getIdx())] = b->second;
    }
  }
  drawer.drawOptions().addAtomIndices = true;
  drawer.drawMolecule(mol, title, &atoms, &bonds, &atom_colours, &bond_colours);
  drawer.finishDrawing();
  std::string svg = drawer.getDrawingText();

  std::string legend;
  int y = height - legend_height + 8;
  for (size_t i = 0; i < highlights.size(); ++i, y += 22) {
    legend += "<rect x='12' y='" + std::to_string(y) + "' width='16' height='16' fill='" +
              Hex(kPalette[i % std::size(kPalette)]) + "' stroke='#444'/>";
    legend += "<text x='36' y='" + std::to_string(y + 13) +
              "' font-family='sans-serif' font-size='13' fill='#000'>" + Escape(highlights[i].label) +
              "</text>\n";
  }
  auto end = svg.rfind("</svg>");
  if (end != std::string::npos) svg.insert(end, legend);
  return svg;
}

}  // namespace pc::chem
