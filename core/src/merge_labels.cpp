// Label, gold and review segments merge by set union of their events (merge.h).
#include <algorithm>
#include <map>

#include "taxa/core/label_event.h"
#include "taxa/core/merge.h"
#include "taxa/core/review_event.h"
#include "taxa/core/shard.h"

namespace taxa::core {

namespace {

// Adds the canonical line of every event of one side to `lines` (id -> line).
Status CollectEvents(std::string_view path, std::string_view side, std::string_view bytes,
                     std::map<std::string, std::string>& lines) {
  const std::string name(path);
  Result<std::string> text = DecompressFrame(bytes, name);
  if (!text.ok())
    return Status::Corrupt(text.status().message()).WithPrefix(std::string(side));
  if (path.starts_with("reviews/"))
    return ForEachLine(*text, [&](std::string_view line, size_t n) -> Status {
      Result<ReviewEvent> e = DecodeReviewLine(line, name + ":" + std::to_string(n));
      if (!e.ok()) return Status::Corrupt(std::string(side) + ": " + e.status().message());
      lines.try_emplace(e->id, EncodeReviewLine(*e));
      return Status::Ok();
    });
  return ForEachLine(*text, [&](std::string_view line, size_t n) -> Status {
    Result<LabelEvent> e = DecodeEventLine(line, name + ":" + std::to_string(n));
    // A stored segment that does not parse is damaged data, not user input.
    if (!e.ok()) return Status::Corrupt(std::string(side) + ": " + e.status().message());
    // The id is a content hash checked by the decoder, so one id is one event;
    // re-encoding makes the line canonical whatever wrote it.
    lines.try_emplace(e->id, EncodeEventLine(*e));
    return Status::Ok();
  });
}

}  // namespace

Result<std::string> MergeLabelSegment(std::string_view path, std::optional<std::string_view> base,
                                      std::string_view ours, std::string_view theirs) {
  (void)base;  // events are never removed, so both sides hold all of base's
  std::map<std::string, std::string> lines;
  TAXA_RETURN_IF_ERROR(CollectEvents(path, "ours", ours, lines));
  TAXA_RETURN_IF_ERROR(CollectEvents(path, "theirs", theirs, lines));
  std::vector<std::string_view> sorted;
  sorted.reserve(lines.size());
  for (const auto& [id, line] : lines) sorted.push_back(line);
  return EncodeShardLines(sorted);
}

}  // namespace taxa::core
