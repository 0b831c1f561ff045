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
};

// SVG text; `title` is drawn under the molecule.
std::string DrawSvg(const RDKit::ROMol& mol, const std::vector<Highlight>& highlights,
                    const std::string& title, int width = 640, int height = 480);

}  // namespace pc::chem
