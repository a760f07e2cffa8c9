#include "session/internal/review_log.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "taxa/core/layout.h"
#include "taxa/core/segment_writer.h"
#include "taxa/core/shard.h"

namespace taxa::app {

Result<std::vector<core::ReviewEvent>> ReadReviews(ProjectState& s) {
  TAXA_ASSIGN_OR_RETURN(auto files,
                        s.repo().ReadFolder(std::string(core::layout::kReviewsDir)));
  std::vector<core::ReviewEvent> out;
  for (const auto& [path, bytes] : files) {
    if (!path.ends_with(".jsonl.zst")) continue;
    TAXA_ASSIGN_OR_RETURN(std::string text, core::DecompressFrame(bytes, path));
    TAXA_RETURN_IF_ERROR(
        core::ForEachLine(text, [&](std::string_view line, size_t line_no) -> Status {
          TAXA_ASSIGN_OR_RETURN(core::ReviewEvent e,
                                core::DecodeReviewLine(line, path + ":" + std::to_string(line_no)));
          out.push_back(std::move(e));
          return Status::Ok();
        }));
  }
  std::sort(out.begin(), out.end(), [](const core::ReviewEvent& a, const core::ReviewEvent& b) {
    return a.hlc != b.hlc ? a.hlc < b.hlc : a.id < b.id;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const core::ReviewEvent& a, const core::ReviewEvent& b) {
                          return a.id == b.id;
                        }),
            out.end());
  return out;
}

Status CommitReviews(ProjectState& s, const std::vector<core::ReviewEvent>& events,
                     const sync::CommitMeta& meta) {
  std::vector<std::string> lines;
  lines.reserve(events.size());
  for (const core::ReviewEvent& e : events) lines.push_back(core::EncodeReviewLine(e));
  std::map<std::pair<std::string, std::string>, std::vector<core::SegmentLine>> by_writer;
  for (size_t i = 0; i < events.size(); ++i)
    by_writer[{events[i].reviewer, events[i].device}].push_back({events[i].id, lines[i]});
  std::vector<sync::FileWrite> files;
  std::map<std::string, std::string> written;
  for (auto& [writer, mine] : by_writer) {
    TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(writer.first).WithPrefix("reviewer name"));
    TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(writer.second).WithPrefix("device id"));
    std::string folder =
        std::string(core::layout::kReviewsDir) + writer.first + "/" + writer.second + "/";
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> existing, s.repo().ListFiles(folder));
    std::optional<core::OpenSegment> open;
    if (!existing.empty()) {
      TAXA_ASSIGN_OR_RETURN(std::optional<std::string> bytes, s.repo().ReadFile(existing.back()));
      if (bytes) open = core::OpenSegment{existing.back(), std::move(*bytes)};
    }
    TAXA_ASSIGN_OR_RETURN(
        std::vector<core::SegmentFile> segments,
        core::AppendLines(folder, open, std::move(mine),
                          [](std::string_view line, const std::string& where) -> Result<std::string> {
                            Result<core::ReviewEvent> e = core::DecodeReviewLine(line, where);
                            if (!e.ok()) return Status::Corrupt(e.status().message());
                            return std::move(e->id);
                          }));
    for (core::SegmentFile& f : segments) {
      files.push_back({f.path, f.bytes});
      written[f.path] = std::move(f.bytes);
    }
  }
  if (files.empty()) return Status::Ok();
  return s.CommitFiles(files, meta, &written, nullptr);
}

}  // namespace taxa::app
