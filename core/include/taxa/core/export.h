// The export format: one JSON line per item with each annotator's current
// labels, for training pipelines and other tools.
//   {"id":"T-1","text":"...","meta":{...},"labels":{"alice":["billing.refund"]}}
#pragma once

#include <string>
#include <vector>

#include "taxa/core/index.h"
#include "taxa/core/item.h"

namespace taxa::core {

// `labels` holds non-empty current labels; annotators appear in name order.
// Outdated labels (CurrentLabel::outdated: made under a category since split
// or retired) are not in "labels" but in "outdated", as recorded:
//   {"id":"T-1",...,"labels":{"bo":["pets"]},"outdated":{"al":["animals"]}}
// ("outdated" only when there is one).
std::string EncodeExportLine(const Item& item, const std::vector<CurrentLabel>& labels);

}  // namespace taxa::core
