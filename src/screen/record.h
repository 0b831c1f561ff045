// An input record as read from a file or a request, before interpretation.
#pragma once

#include <string>

namespace pc::screen {

enum class InputHint { kAuto, kSmiles, kMolBlock, kCas, kName };

struct InputRecord {
  std::string id;
  std::string text;  // a SMILES, CAS RN, name, or a whole molblock
  InputHint hint = InputHint::kAuto;
  std::string read_error;  // set by a reader that could not read the record
};

}  // namespace pc::screen
