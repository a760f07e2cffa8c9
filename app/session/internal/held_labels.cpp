// Committing journaled labels when part of the repository is damaged: the
// labels of a writer whose open segment cannot be read are held in the
// journal, and everyone else's are committed (ProjectState::CommitJournaled).
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "session/internal/project_state.h"
#include "taxa/core/label_event.h"

namespace taxa::app {

namespace {

// "1 label by alice" / "3 labels by alice, bob".
std::string HeldWhat(const std::vector<core::LabelEvent>& events) {
  std::set<std::string> who;
  for (const core::LabelEvent& e : events) who.insert(e.annotator);
  std::string names;
  for (const std::string& a : who) names += (names.empty() ? "" : ", ") + a;
  return std::to_string(events.size()) + (events.size() == 1 ? " label by " : " labels by ") +
         names;
}

}  // namespace

Status ProjectState::CommitJournaled(std::vector<core::LabelEvent> events,
                                std::vector<std::string> lines) {
  if (lines.empty()) {
    lines.reserve(events.size());
    for (const core::LabelEvent& e : events) lines.push_back(core::EncodeEventLine(e));
  }
  // Until they are committed the events stay where they were: in the journal
  // and (so that the next Flush offers them again) in unflushed_.
  auto keep_all = [&](Status why) {
    unflushed_.insert(unflushed_.begin(), events.begin(), events.end());
    unflushed_lines_.insert(unflushed_lines_.begin(), lines.begin(), lines.end());
    pending_ = unflushed_.size();
    return why;
  };

  std::vector<size_t> held;  // positions in `events`
  Status held_why;
  Result<ProjectState::SealedLabels> sealed = SealLabels(events, lines);
  if (!sealed.ok() && sealed.status().code() == StatusCode::kCorrupt) {
    // A segment that cannot be read (a damaged or missing object, a corrupt
    // frame) stops only the writer appending to it: find which writers those
    // are, and seal the others.
    std::map<std::pair<std::string, std::string>, std::vector<size_t>> by_writer;
    for (size_t i = 0; i < events.size(); ++i)
      by_writer[{events[i].annotator, events[i].device}].push_back(i);
    std::vector<core::LabelEvent> ok_events;
    std::vector<std::string> ok_lines;
    for (const auto& [writer, positions] : by_writer) {
      std::vector<core::LabelEvent> mine;
      std::vector<std::string> mine_lines;
      for (size_t i : positions) {
        mine.push_back(events[i]);
        mine_lines.push_back(lines[i]);
      }
      Result<ProjectState::SealedLabels> alone = SealLabels(mine, mine_lines);
      if (alone.ok()) {
        ok_events.insert(ok_events.end(), mine.begin(), mine.end());
        ok_lines.insert(ok_lines.end(), mine_lines.begin(), mine_lines.end());
      } else if (alone.status().code() == StatusCode::kCorrupt) {
        held.insert(held.end(), positions.begin(), positions.end());
        if (held_why.ok()) held_why = alone.status();
      } else {
        return keep_all(alone.status());
      }
    }
    sealed =
        ok_events.empty() ? Result<ProjectState::SealedLabels>(SealedLabels{}) : SealLabels(ok_events, ok_lines);
  }
  if (!sealed.ok()) return keep_all(sealed.status());
  if (!sealed->files.empty()) {
    Status committed = CommitFiles(sealed->files, sealed->meta, &sealed->written, &sealed->known);
    if (!committed.ok()) return keep_all(committed);
  }
  if (held.empty()) {
    TAXA_RETURN_IF_ERROR(journal_.Clear());
    pending_ = 0;
    return Status::Ok();
  }

  std::sort(held.begin(), held.end());
  std::vector<core::LabelEvent> held_events;
  std::vector<std::string> held_lines;
  bool reported = true;
  for (size_t i : held) {
    held_events.push_back(events[i]);
    held_lines.push_back(lines[i]);
    if (!held_reported_.count(events[i].id)) reported = false;
  }
  // The journal keeps exactly what is not committed yet; if rewriting it
  // fails it still holds everything, and replaying committed events only
  // finds them in their segments again.
  Status rewritten = journal_.Rewrite(held_lines);
  unflushed_.insert(unflushed_.begin(), held_events.begin(), held_events.end());
  unflushed_lines_.insert(unflushed_lines_.begin(), held_lines.begin(), held_lines.end());
  pending_ = unflushed_.size();
  TAXA_RETURN_IF_ERROR(rewritten);
  for (const core::LabelEvent& e : held_events) held_reported_.insert(e.id);

  std::string line = held_why.message() + "; " + HeldWhat(held_events) +
                     (held_events.size() == 1 ? " is" : " are") +
                     " kept in the journal and committed once the repository is whole";
  // Labels offered for the first time fail the call that offered them; the
  // ones held before (at open, or by an earlier call) only get a notice, so
  // that the other annotators keep working.
  bool repeated = line == last_held_notice_;
  last_held_notice_ = line;
  if (!reported && !recovering_) return Status::Corrupt(line);
  if (!repeated) Notice(line);
  return Status::Ok();
}

}  // namespace taxa::app
