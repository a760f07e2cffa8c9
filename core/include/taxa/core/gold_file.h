// Gold label files a lead imports: CSV `item,category` (RFC 4180; a first
// record "item,category" is a header; several records of one item give it
// several categories) or JSON Lines {"item": "...", "categories": [...]},
// one item per line.
//
//   TAXA_ASSIGN_OR_RETURN(GoldFile gold, ParseGoldFile(bytes, "gold.csv"));
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::core {

struct GoldRecord {
  std::set<std::string> categories;
  size_t line = 0;  // where the item first appears
};

// Item id -> its gold categories.
using GoldFile = std::map<std::string, GoldRecord>;

// CSV when `file` ends in .csv, else JSON Lines. Errors are kInvalidInput
// "FILE:LINE: ..." naming the field.
Result<GoldFile> ParseGoldFile(std::string_view bytes, const std::string& file);

}  // namespace taxa::core
