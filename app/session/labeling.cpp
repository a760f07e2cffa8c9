// Labeling: the use cases over the project's label pipeline, and the rule of
// who sees whose labels.
#include "session/labeling.h"

#include <algorithm>
#include <ctime>

#include "session/calibration.h"
#include "session/internal/project_state.h"
#include "session/internal/roles.h"
#include "session/internal/skips.h"

#include "taxa/core/hlc.h"
#include "taxa/core/segment_writer.h"

namespace taxa::app {

namespace {

// Milliseconds since the epoch at the start of today, by the local clock.
uint64_t LocalMidnightMs() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  local.tm_hour = 0;
  local.tm_min = 0;
  local.tm_sec = 0;
  local.tm_isdst = -1;
  std::time_t midnight = std::mktime(&local);
  return midnight < 0 ? 0 : static_cast<uint64_t>(midnight) * 1000;
}

// The user's current label among `labels`; nullopt when none or cleared.
std::optional<core::CurrentLabel> MineOf(const std::vector<core::CurrentLabel>& labels,
                                         const std::string& user) {
  for (const core::CurrentLabel& l : labels)
    if (l.annotator == user && !l.categories.empty()) return l;
  return std::nullopt;
}

}  // namespace

Labeling::Labeling(Project& project) : project_(project), s_(project.state()) {}

Result<core::LabelEvent> Labeling::Label(const LabelRequest& request) {
  // Only the user's own labels can be taken back, one at a time.
  std::optional<ProjectState::UndoEntry> entry;
  if (request.annotator.empty() || core::FoldAnnotatorName(request.annotator) == s_.user()) {
    TAXA_ASSIGN_OR_RETURN(std::optional<core::CurrentLabel> mine, MineNow(request.item));
    entry = ProjectState::UndoEntry{request.item, std::move(mine)};
  }
  TAXA_ASSIGN_OR_RETURN(std::vector<core::LabelEvent> events, LabelMany({request}));
  if (entry) s_.undo().push_back(std::move(*entry));
  return std::move(events.front());
}

Result<std::vector<core::LabelEvent>> Labeling::LabelMany(const std::vector<LabelRequest>& requests,
                                                          LabelCommit when) {
  TAXA_RETURN_IF_ERROR(RequireMayRecord(s_, requests));
  return s_.Record(requests, when);
}

Result<std::optional<core::CurrentLabel>> Labeling::MineNow(const std::string& item) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::CurrentLabel> labels, s_.index().CurrentLabels(item));
  return MineOf(labels, s_.user());
}

Result<core::LabelEvent> Labeling::Clear(const std::string& item) {
  return Label({.item = item, .categories = {}});
}

Result<core::LabelEvent> Labeling::Undo() {
  if (s_.undo().empty())
    return Status::FailedPrecondition("nothing to undo: no label of yours in this sitting");
  const ProjectState::UndoEntry& last = s_.undo().back();
  LabelRequest request{.item = last.item};
  if (last.before) {
    request.categories = last.before->categories;
    request.attributes = last.before->attributes;
    request.note = last.before->note;
  }
  TAXA_ASSIGN_OR_RETURN(std::vector<core::LabelEvent> events, LabelMany({request}));
  s_.undo().pop_back();
  return std::move(events.front());
}

size_t Labeling::undoable() const { return s_.undo().size(); }

bool Labeling::MayReveal() const {
  return HasRole(s_.settings(), s_.user(), "lead") || HasRole(s_.settings(), s_.user(), "reviewer");
}

Result<ItemLabels> Labeling::LabelsOf(const std::string& item, bool reveal) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::CurrentLabel> labels, s_.index().CurrentLabels(item));
  ItemLabels out;
  for (core::CurrentLabel& l : labels) {
    if (l.annotator == s_.user()) {
      if (!l.categories.empty()) out.mine = std::move(l);
    } else if (!l.categories.empty()) {
      out.others.push_back(std::move(l));
    }
  }
  if (out.mine || out.others.empty()) return out;
  // A calibration round compares independent judgments: no one may look.
  TAXA_ASSIGN_OR_RETURN(std::vector<CalibrationRound> rounds, Calibration(project_).Rounds());
  for (const CalibrationRound& r : rounds) {
    bool listed = std::binary_search(r.annotators.begin(), r.annotators.end(), s_.user());
    if (listed && std::find(r.items.begin(), r.items.end(), item) != r.items.end()) {
      out.withheld_why = "calibration round " + r.name +
                         ": the others' labels show once you have labeled this item";
      break;
    }
  }
  if (out.withheld_why.empty() && s_.settings().blind_labels && !(reveal && MayReveal()))
    out.withheld_why = "the others' labels show once you have labeled this item";
  if (!out.withheld_why.empty()) {
    out.withheld = out.others.size();
    out.others.clear();
  }
  return out;
}

Result<std::optional<int64_t>> Labeling::NextUnlabeled(int64_t after, bool wrap) {
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> skipped, ReadSkips(s_));
  TAXA_ASSIGN_OR_RETURN(std::optional<int64_t> next,
                        s_.index().NextUnlabeledExcept(s_.user(), after, skipped));
  if (next || after < 0 || !wrap) return next;
  return s_.index().NextUnlabeledExcept(s_.user(), -1, skipped);
}

Result<LabelingProgress> Labeling::Progress() {
  LabelingProgress p;
  TAXA_ASSIGN_OR_RETURN(p.items, s_.index().ItemCount());
  TAXA_ASSIGN_OR_RETURN(p.labeled_by_me, s_.index().LabeledCount(s_.user()));
  TAXA_ASSIGN_OR_RETURN(p.labeled_today,
                        s_.index().LabeledSince(s_.user(), core::HybridClock::Make(LocalMidnightMs(), 0)));
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> skipped, ReadSkips(s_));
  if (!skipped.empty()) {
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> labeled, s_.index().LabeledAmong(s_.user(), skipped));
    TAXA_ASSIGN_OR_RETURN(std::vector<std::string> gone, s_.index().MissingItems({skipped.begin(), skipped.end()}));
    p.skipped = static_cast<int64_t>(skipped.size() - labeled.size() - gone.size());
  }
  p.left = std::max<int64_t>(0, p.items - p.labeled_by_me - p.skipped);
  return p;
}

}  // namespace taxa::app
