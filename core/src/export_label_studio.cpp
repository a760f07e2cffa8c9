// A Label Studio task per item (export.h).
#include <nlohmann/json.hpp>

#include <charconv>

#include "taxa/core/export.h"
#include "taxa/core/hlc.h"
#include "taxa/core/label_import.h"

namespace taxa::core {

std::string EncodeLabelStudioTask(const Item& item, const std::vector<CurrentLabel>& labels,
                                  uint64_t task_id, uint64_t first_annotation_id,
                                  const std::function<uint32_t(const CurrentLabel&)>& lead_ms) {
  nlohmann::ordered_json data;
  data["item"] = item.id;
  if (item.media_path.empty()) {
    data["text"] = item.text;
  } else {
    data["path"] = item.media_path;
    data["sha256"] = item.media_sha256;
  }
  nlohmann::ordered_json annotations = nlohmann::ordered_json::array();
  uint64_t next_id = first_annotation_id;
  for (const CurrentLabel& l : labels) {
    if (l.categories.empty()) continue;
    nlohmann::ordered_json a;
    a["id"] = next_id++;
    uint64_t user = 0;
    const std::string_view digits =
        l.annotator.starts_with("ls-") ? std::string_view(l.annotator).substr(3) : "";
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), user);
    if (!digits.empty() && ec == std::errc() && end == digits.data() + digits.size() &&
        std::to_string(user) == digits)
      a["completed_by"] = user;
    else
      a["completed_by"] = {{"email", l.annotator}};
    a["result"] = nlohmann::ordered_json::array(
        {{{"id", "category"},
          {"type", "choices"},
          {"from_name", "category"},
          {"to_name", "text"},
          {"value", {{"choices", l.categories}}}}});
    a["was_cancelled"] = false;
    a["ground_truth"] = false;
    a["created_at"] = FormatLabelTime(HybridClock::Physical(l.hlc));
    if (uint32_t ms = lead_ms ? lead_ms(l) : 0; ms > 0) a["lead_time"] = ms / 1000.0;
    a["task"] = task_id;
    annotations.push_back(std::move(a));
  }
  nlohmann::ordered_json task;
  task["id"] = task_id;
  task["data"] = std::move(data);
  task["annotations"] = std::move(annotations);
  task["predictions"] = nlohmann::ordered_json::array();
  return task.dump();
}

}  // namespace taxa::core
