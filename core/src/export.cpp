#include "taxa/core/export.h"

#include <algorithm>

#include "json_write.h"

namespace taxa::core {

namespace {

// Appends {"annotator":[categories],...} of the labels whose outdated flag is `outdated`.
void AppendLabels(std::string& line, const std::vector<CurrentLabel>& labels, bool outdated) {
  line += '{';
  bool first = true;
  for (const CurrentLabel& l : labels) {
    if (l.outdated != outdated) continue;
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
  line += '}';
}

}  // namespace

std::string EncodeExportLine(const Item& item, const std::vector<CurrentLabel>& labels) {
  std::string line = EncodeItemLine(item);
  line.pop_back();  // reopen the object to add the labels
  line += ',';
  AppendKey(line, "labels");
  AppendLabels(line, labels, false);
  if (std::any_of(labels.begin(), labels.end(), [](const CurrentLabel& l) { return l.outdated; })) {
    line += ',';
    AppendKey(line, "outdated");
    AppendLabels(line, labels, true);
  }
  line += '}';
  return line;
}

}  // namespace taxa::core
