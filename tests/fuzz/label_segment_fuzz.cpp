// Label segments from two replicas through the merge that sync runs on a
// segment changed on both sides (MergeLabelSegment: decompress, decode every
// line, union by event id). The input is the text of "ours", then a line
// "~~~~", then the text of "theirs"; each is compressed as a segment is.
// Checks merge.h's promises: symmetric bytes, the union of the events, each
// line canonical and sorted by id, kCorrupt naming the line otherwise.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

#include "taxa/core/label_event.h"
#include "taxa/core/merge.h"
#include "taxa/core/shard.h"

namespace {

using taxa::Result;
using taxa::Status;
using taxa::core::LabelEvent;

constexpr std::string_view kPath = "labels/ann/dev/000001.jsonl.zst";

// The ids of a side's events; false when a line does not decode.
bool SideIds(std::string_view text, std::set<std::string>& ids) {
  Status s = taxa::core::ForEachLine(text, [&](std::string_view line, size_t) -> Status {
    Result<LabelEvent> e = taxa::core::DecodeEventLine(line, "side");
    if (!e.ok()) return e.status();
    ids.insert(e->id);
    return Status::Ok();
  });
  return s.ok();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string_view> parts = taxa::fuzz::SplitParts(taxa::fuzz::Text(data, size));
  const std::string_view ours_text = parts[0];
  const std::string_view theirs_text = parts.size() > 1 ? parts[1] : std::string_view();
  const std::string ours = taxa::core::CompressFrame(ours_text);
  const std::string theirs = taxa::core::CompressFrame(theirs_text);

  Result<std::string> merged = taxa::core::MergeLabelSegment(kPath, std::nullopt, ours, theirs);
  Result<std::string> swapped = taxa::core::MergeLabelSegment(kPath, ours, theirs, ours);
  FUZZ_CHECK(merged.ok() == swapped.ok(), "the merge is not symmetric in success");

  std::set<std::string> ids;
  const bool decodable = SideIds(ours_text, ids) && SideIds(theirs_text, ids);
  if (!merged.ok()) {
    FUZZ_CHECK(merged.status().code() == taxa::StatusCode::kCorrupt, merged.status().message());
    FUZZ_CHECK(merged.status().message().find(std::string(kPath) + ":") != std::string::npos,
               "the message names no line: " + merged.status().message());
    FUZZ_CHECK(!decodable, "the merge fails on decodable sides: " + merged.status().message());
    return 0;
  }
  FUZZ_CHECK(decodable, "the merge accepts a side whose lines do not decode");
  FUZZ_CHECK(*merged == *swapped, "ours/theirs order changes the merged bytes");

  Result<std::string> text = taxa::core::DecompressFrame(*merged, "merged");
  FUZZ_CHECK(text.ok(), text.status().message());
  std::string previous;
  std::set<std::string> merged_ids;
  Status lines = taxa::core::ForEachLine(*text, [&](std::string_view line, size_t) -> Status {
    Result<LabelEvent> e = taxa::core::DecodeEventLine(line, "merged");
    FUZZ_CHECK(e.ok(), "the merged segment holds a bad line");
    FUZZ_CHECK(taxa::core::EncodeEventLine(*e) == line, "a merged line is not canonical");
    FUZZ_CHECK(previous < e->id, "merged lines are not sorted by id, once each");
    previous = e->id;
    merged_ids.insert(e->id);
    return Status::Ok();
  });
  FUZZ_CHECK(lines.ok(), lines.message());
  FUZZ_CHECK(merged_ids == ids, "the merge is not the union of the events");
  return 0;
}
