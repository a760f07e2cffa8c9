// The export format: one JSON line per item with each annotator's current
// labels, for training pipelines and other tools.
//   {"id":"T-1","text":"...","meta":{...},"labels":{"alice":["billing.refund"]}}
#pragma once

#include <cstdint>
#include <functional>
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

// One task of a Label Studio JSON export (export_label_studio.cpp), the form
// `taxa labels import --format label-studio` reads back (label_import.h):
//   {"id":7,"data":{"item":"T-1","text":"..."},"annotations":[{"id":1,
//    "completed_by":10,"result":[{"id":"category","type":"choices",
//    "from_name":"category","to_name":"text","value":{"choices":["billing"]}}],
//    "was_cancelled":false,"ground_truth":false,
//    "created_at":"2021-03-09T22:16:08.728000Z","lead_time":4.288}],"predictions":[]}
// `task_id` is the task's "id"; one annotation per non-empty current label
// (outdated ones too, as recorded), numbered from `first_annotation_id`.
// completed_by: annotator "ls-N" as the number N (Label Studio's user id),
// any other as {"email": name}. created_at is the label's clock time;
// lead_time (seconds) comes from `lead_ms(label)`, left out when 0. The
// text is in data.text (media items: data.path and data.sha256).
std::string EncodeLabelStudioTask(const Item& item, const std::vector<CurrentLabel>& labels,
                                  uint64_t task_id, uint64_t first_annotation_id,
                                  const std::function<uint32_t(const CurrentLabel&)>& lead_ms);

}  // namespace taxa::core
