#include "session/internal/skips.h"

#include <algorithm>

#include "session/internal/project_state.h"

#include "taxa/core/fs.h"

namespace taxa::app {

namespace {

std::string SkipsPath(const ProjectState& s) { return s.state_dir() + "/skipped-" + s.user(); }

}  // namespace

Result<std::vector<std::string>> ReadSkips(const ProjectState& s) {
  std::vector<std::string> out;
  const std::string path = SkipsPath(s);
  if (!core::PathExists(path)) return out;
  TAXA_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status SetSkipped(const ProjectState& s, const std::string& item, bool skipped) {
  if (item.empty() || item.find('\n') != std::string::npos)
    return Status::InvalidInput("cannot skip an item whose id is empty or holds a line break");
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> ids, ReadSkips(s));
  auto at = std::lower_bound(ids.begin(), ids.end(), item);
  const bool present = at != ids.end() && *at == item;
  if (present == skipped) return Status::Ok();
  if (skipped) {
    ids.insert(at, item);
  } else {
    ids.erase(at);
  }
  std::string text;
  for (const std::string& id : ids) text += id + "\n";
  return core::WriteFileAtomic(SkipsPath(s), text);
}

}  // namespace taxa::app
