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
std::string EncodeExportLine(const Item& item, const std::vector<CurrentLabel>& labels);

}  // namespace taxa::core
