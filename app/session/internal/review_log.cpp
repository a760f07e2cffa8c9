#include "session/internal/review_log.h"

#include <algorithm>
#include <string>

#include "taxa/core/layout.h"
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

}  // namespace taxa::app
