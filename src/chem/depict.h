// Drawings for people: a molecule with groups of atoms highlighted, each in
// its own colour, and a legend naming them (RDKit MolDraw2DSVG).
#pragma once

#include <string>
#include <vector>

#include <GraphMol/ROMol.h>

namespace pc::chem {

struct Highlight {
  std::string label;
  std::vector<unsigned> atoms;
  bool failed = false;  // a region that kept the molecule out of a definition: drawn in red
};

// SVG text; `title` and the legend are drawn under the molecule, wrapped to
// the picture's width (never clipped at its edges).
std::string DrawSvg(const RDKit::ROMol& mol, const std::vector<Highlight>& highlights,
                    const std::string& title, int width = 640, int height = 480);

}  // namespace pc::chem
