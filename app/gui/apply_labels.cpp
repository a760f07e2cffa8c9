#include "gui/apply_labels.h"

#include <algorithm>
#include <optional>

#include "session/calibration.h"
#include "session/items.h"
#include "session/labeling.h"

namespace taxa::gui::detail {

Status SelectAt(app::Project& session, int64_t ord, Selection& selection) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> rows, app::Items(session).At(ord, 1));
  if (rows.empty()) return Status::NotFound("no item at position " + std::to_string(ord + 1));
  selection = {rows.front().ord, rows.front().item.id};
  return Status::Ok();
}

namespace {

Status SelectId(app::Project& session, const std::string& id, Selection& selection) {
  TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, app::Items(session).Find(id));
  if (!row) return Status::NotFound("no item \"" + id + "\" in this project");
  selection = {row->ord, row->item.id};
  return Status::Ok();
}

std::string CategoryNames(const core::Taxonomy& taxonomy, const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    const core::Category* c = taxonomy.Find(id);
    out += (out.empty() ? "" : ", ") + (c != nullptr ? c->name : id);
  }
  return out;
}

// Where to go after labeling `item`: the waiting calibration round's next
// item when `item` is one of the round's, else the next item neither labeled
// nor skipped. nullopt when nothing is left.
Result<std::optional<int64_t>> NextAfter(app::Project& s, const std::string& item, int64_t ord) {
  TAXA_ASSIGN_OR_RETURN(std::optional<app::RoundWaiting> waiting, app::Calibration(s).Waiting());
  if (waiting && waiting->next_ord >= 0) {
    const std::vector<std::string>& items = waiting->round.items;
    if (std::find(items.begin(), items.end(), item) != items.end())
      return std::optional<int64_t>(waiting->next_ord);
  }
  return app::Labeling(s).NextUnlabeled(ord);
}

}  // namespace

Result<app::Project*> NeedProject(app::ProjectHost& host) {
  if (host.busy())
    return Status::FailedPrecondition("wait until \"" + host.job_title() + "\" ends");
  app::Project* s = host.project();
  if (s == nullptr) return Status::FailedPrecondition("no project is open (File > Open project)");
  return s;
}

Result<std::string> Do(const SubmitLabel& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  if (c.categories.empty())
    return Status::InvalidInput(
        "choose at least one category (keys 1-9 and 0, or / to find one) before submitting " +
        c.item);
  TAXA_RETURN_IF_ERROR(app::Labeling(*s)
                           .Label({.item = c.item,
                                   .categories = c.categories,
                                   .attributes = c.attributes,
                                   .note = c.note,
                                   .duration_ms = c.duration_ms})
                           .status());
  std::string message = "Labeled " + c.item + ": " + CategoryNames(s->taxonomy(), c.categories);
  TAXA_ASSIGN_OR_RETURN(std::optional<int64_t> next, NextAfter(*s, c.item, c.ord));
  if (!next) return message + ". Every item is labeled or skipped now.";
  TAXA_RETURN_IF_ERROR(SelectAt(*s, *next, t.selection));
  return message;
}

Result<std::string> Do(const SkipItem& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  if (!c.item.empty()) TAXA_RETURN_IF_ERROR(app::Labeling(*s).Skip(c.item));
  std::string message = c.item.empty() ? "" : "Skipped " + c.item + " (find it with is:skipped)";
  TAXA_ASSIGN_OR_RETURN(std::optional<int64_t> next, app::Labeling(*s).NextUnlabeled(c.ord));
  if (!next || *next == c.ord) {
    // Nothing else is left unlabeled: step to the next item, so Skip still moves.
    TAXA_ASSIGN_OR_RETURN(int64_t count, app::Items(*s).Count());
    if (c.ord + 1 >= count) return message.empty() ? "This is the last item" : message;
    next = c.ord + 1;
  }
  TAXA_RETURN_IF_ERROR(SelectAt(*s, *next, t.selection));
  return message;
}

Result<std::string> Do(const UnskipItem& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::Labeling(*s).Unskip(c.item));
  return c.item + " is no longer skipped";
}

Result<std::string> Do(const ClearLabel& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_ASSIGN_OR_RETURN(app::ItemLabels labels, app::Labeling(*s).LabelsOf(c.item));
  if (!labels.mine) return "You have no label of " + c.item + " to clear";
  TAXA_RETURN_IF_ERROR(app::Labeling(*s).Clear(c.item).status());
  return "Cleared your label of " + c.item + " (Ctrl+Z gives it back)";
}

Result<std::string> Do(const UndoLabel&, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_ASSIGN_OR_RETURN(core::LabelEvent event, app::Labeling(*s).Undo());
  TAXA_RETURN_IF_ERROR(SelectId(*s, event.item, t.selection));
  return event.categories.empty()
             ? "Undone: " + event.item + " has no label of yours again"
             : "Undone: " + event.item + " is " + CategoryNames(s->taxonomy(), event.categories) +
                   " again";
}

Result<std::string> Do(const SelectItem& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_ASSIGN_OR_RETURN(int64_t count, app::Items(*s).Count());
  if (c.ord < 0 || c.ord >= count) return std::string();  // past either end
  TAXA_RETURN_IF_ERROR(SelectAt(*s, c.ord, t.selection));
  return std::string();
}

Result<std::string> Do(const GoToItem& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  // A search that names no item is a search for words, not a mistake.
  TAXA_ASSIGN_OR_RETURN(std::optional<core::ItemRow> row, app::Items(*s).Find(c.item));
  if (!row) return std::string();
  t.selection = {row->ord, row->item.id};
  return "Went to " + c.item;
}

}  // namespace taxa::gui::detail

namespace taxa::gui {

Status SelectFirstUnlabeled(app::Project& session, Selection& selection) {
  selection = {};
  TAXA_ASSIGN_OR_RETURN(int64_t count, app::Items(session).Count());
  if (count == 0) return Status::Ok();
  TAXA_ASSIGN_OR_RETURN(std::optional<int64_t> next, app::Labeling(session).NextUnlabeled(-1));
  return detail::SelectAt(session, next.value_or(0), selection);
}

}  // namespace taxa::gui
