#include "chem/depict.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include <GraphMol/Depictor/RDDepictor.h>
#include <GraphMol/MolDraw2D/MolDraw2DSVG.h>
#include <GraphMol/RWMol.h>

#include "common/strings.h"

namespace pc::chem {
namespace {

// Distinguishable on screen and in greyscale print; a failed region is red.
const RDKit::DrawColour kPalette[] = {
    {0.99, 0.70, 0.40}, {0.55, 0.80, 0.99}, {0.65, 0.90, 0.55}, {0.95, 0.60, 0.85},
    {0.99, 0.90, 0.40}, {0.70, 0.70, 0.99}, {0.60, 0.90, 0.90}, {0.90, 0.75, 0.60}};
const RDKit::DrawColour kFailed = {1.0, 0.42, 0.42};

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

constexpr int kLineHeight = 18, kCharWidth = 7;  // 13 px sans-serif, on average

RDKit::DrawColour ColourOf(const std::vector<Highlight>& highlights, size_t i) {
  return highlights[i].failed ? kFailed : kPalette[i % std::size(kPalette)];
}

// `text` in lines of at most `columns` characters, broken at spaces (a word
// longer than a line is cut). Counted in UTF-8 characters.
std::vector<std::string> Wrap(const std::string& text, size_t columns) {
  const auto length = Utf8Characters;
  std::vector<std::string> lines;
  std::string line, word;
  auto flush_word = [&] {
    while (length(word) > columns) {  // cut at a character boundary
      size_t cut = 0, n = 0;
      while (cut < word.size() && n < columns) {
        ++cut;
        while (cut < word.size() && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) ++cut;
        ++n;
      }
      if (!line.empty()) lines.push_back(line), line.clear();
      lines.push_back(word.substr(0, cut));
      word.erase(0, cut);
    }
    if (word.empty()) return;
    if (!line.empty() && length(line) + 1 + length(word) > columns) lines.push_back(line), line.clear();
    line += (line.empty() ? "" : " ") + word;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ') flush_word();
    else word += c;
  }
  flush_word();
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string TextLine(int x, int y, const std::string& text, bool bold = false) {
  return "<text x='" + std::to_string(x) + "' y='" + std::to_string(y) +
         "' font-family='sans-serif' font-size='13'" + (bold ? " font-weight='bold'" : "") + " fill='#000'>" +
         Escape(text) + "</text>\n";
}

std::string Hex(const RDKit::DrawColour& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", int(c.r * 255), int(c.g * 255), int(c.b * 255));
  return buf;
}


}  // namespace

std::string DrawSvg(const RDKit::ROMol& input, const std::vector<Highlight>& highlights,
                    const std::string& title, int width, int height) {
  RDKit::RWMol mol(input);
  RDDepict::compute2DCoords(mol);
  // The caption (title, then one legend entry per highlight) is laid out
  // first: the molecule gets what is left of the height.
  const size_t title_columns = size_t(std::max(10, (width - 24) / kCharWidth));
  const size_t legend_columns = size_t(std::max(10, (width - 48) / kCharWidth));
  auto title_lines = Wrap(title, title_columns);
  std::vector<std::vector<std::string>> legend_lines;
  int caption_lines = int(title_lines.size());
  for (const auto& h : highlights) {
    legend_lines.push_back(Wrap((h.failed ? "fails: " : "") + h.label, legend_columns));
    caption_lines += int(legend_lines.back().size());
  }
  const int caption_height = kLineHeight * caption_lines + 16;
  const int draw_height = std::max(height / 2, height - caption_height);
  height = draw_height + caption_height;
  RDKit::MolDraw2DSVG drawer(width, height, width, draw_height);
  std::vector<int> atoms, bonds;
  std::map<int, RDKit::DrawColour> atom_colours, bond_colours;
  for (size_t i = 0; i < highlights.size(); ++i) {
    const auto colour = ColourOf(highlights, i);
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
  drawer.drawMolecule(mol, "", &atoms, &bonds, &atom_colours, &bond_colours);
  drawer.finishDrawing();
  std::string svg = drawer.getDrawingText();

  std::string caption;
  int y = draw_height + 8 + 13;
  for (const auto& line : title_lines) caption += TextLine(12, y, line, true), y += kLineHeight;
  for (size_t i = 0; i < highlights.size(); ++i) {
    caption += "<rect x='12' y='" + std::to_string(y - 12) + "' width='16' height='16' fill='" +
               Hex(ColourOf(highlights, i)) + "' stroke='#444'/>";
    for (const auto& line : legend_lines[i]) caption += TextLine(36, y, line), y += kLineHeight;
  }
  auto end = svg.rfind("</svg>");
  if (end != std::string::npos) svg.insert(end, caption);
  return svg;
}

}  // namespace pc::chem
