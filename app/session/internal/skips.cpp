#include "session/internal/skips.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

#include "session/internal/project_state.h"

#include "taxa/core/fs.h"
#include "taxa/core/text.h"

namespace taxa::app {

namespace {

std::string SkipsPath(const ProjectState& s, const std::string& user) {
  return s.state_dir() + "/skipped-" + user;
}
std::string SkipsPath(const ProjectState& s) { return SkipsPath(s, s.user()); }

Result<std::vector<std::string>> ReadSkipsAt(const std::string& path) {
  std::vector<std::string> out;
  if (!core::PathExists(path)) return out;
  TAXA_ASSIGN_OR_RETURN(std::string text, core::ReadFile(path));
  for (std::string_view line : core::Lines(text)) out.emplace_back(line);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status WriteSkipsAt(const std::string& path, const std::vector<std::string>& ids) {
  std::string text;
  for (const std::string& id : ids) text += id + "\n";
  return core::WriteFileAtomic(path, text);
}

}  // namespace

Result<std::vector<std::string>> ReadSkips(const ProjectState& s) {
  return ReadSkipsAt(SkipsPath(s));
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
  return WriteSkipsAt(SkipsPath(s), ids);
}

Status ForgetLabeledSkips(const ProjectState& s, const std::vector<core::LabelEvent>& events) {
  std::set<std::string> annotators;  // who labeled something: few
  for (const core::LabelEvent& e : events)
    if (!e.categories.empty()) annotators.insert(e.annotator);
  for (const std::string& annotator : annotators) {
    const std::string path = SkipsPath(s, annotator);
    if (!core::PathExists(path)) continue;
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> ids, ReadSkipsAt(path));
    std::unordered_set<std::string_view> skipped(ids.begin(), ids.end());
    std::set<std::string> taken_back;
    for (const core::LabelEvent& e : events)
      if (e.annotator == annotator && !e.categories.empty() && skipped.count(e.item))
        taken_back.insert(e.item);
    if (taken_back.empty()) continue;
    std::erase_if(ids, [&](const std::string& id) { return taken_back.count(id) > 0; });
    TAXA_RETURN_IF_ERROR(WriteSkipsAt(path, ids));
  }
  return Status::Ok();
}

}  // namespace taxa::app
