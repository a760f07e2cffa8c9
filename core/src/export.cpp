#include "taxa/core/export.h"

#include "json_write.h"

namespace taxa::core {

std::string EncodeExportLine(const Item& item, const std::vector<CurrentLabel>& labels) {
  std::string line = EncodeItemLine(item);
  line.pop_back();  // reopen the object to add the labels
  line += ',';
  AppendKey(line, "labels");
  line += '{';
  bool first = true;
  for (const CurrentLabel& l : labels) {
    if (!first) line += ',';
    first = false;
    AppendKey(line, l.annotator);
    line += '[';
    for (size_t i = 0; i < l.categories.size(); ++i) {
      if (i) line += ',';
      AppendJsonString(line, l.categories[i]);
    }
    line += ']';
  }
  line += "}}";
  return line;
}

}  // namespace taxa::core
