#include "gui/apply.h"

#include <optional>
#include <type_traits>

#include "gui/paths.h"
#include "session/conflicts.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/remotes.h"

namespace taxa::gui {

namespace {

Result<app::Project*> NeedProject(app::ProjectHost& host) {
  if (host.busy())
    return Status::FailedPrecondition("wait until \"" + host.job_title() + "\" ends");
  app::Project* s = host.project();
  if (s == nullptr) return Status::FailedPrecondition("no project is open (File > Open project)");
  return s;
}

Status SelectAt(app::Project& session, int64_t ord, Selection& selection) {
  TAXA_ASSIGN_OR_RETURN(std::vector<core::ItemRow> rows, app::Items(session).At(ord, 1));
  if (rows.empty()) return Status::NotFound("no item at position " + std::to_string(ord + 1));
  selection = {rows.front().ord, rows.front().item.id};
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

Result<std::string> Do(const SubmitLabel& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  if (c.categories.empty())
    return Status::InvalidInput("choose at least one category (keys 1-9) before submitting " +
                                c.item);
  TAXA_RETURN_IF_ERROR(app::Labeling(*s)
                           .Label({.item = c.item,
                                   .categories = c.categories,
                                   .attributes = c.attributes,
                                   .note = c.note,
                                   .duration_ms = c.duration_ms})
                           .status());
  std::string message = "Labeled " + c.item + ": " + CategoryNames(s->taxonomy(), c.categories);
  TAXA_ASSIGN_OR_RETURN(std::optional<int64_t> next, app::Labeling(*s).NextUnlabeled(c.ord));
  if (!next) return message + ". Every item is labeled now.";
  TAXA_RETURN_IF_ERROR(SelectAt(*s, *next, t.selection));
  return message;
}

Result<std::string> Do(const SkipItem& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_ASSIGN_OR_RETURN(std::optional<int64_t> next, app::Labeling(*s).NextUnlabeled(c.ord));
  if (!next || *next == c.ord) {
    // Nothing else is left unlabeled: step to the next item, so Skip still moves.
    TAXA_ASSIGN_OR_RETURN(int64_t count, app::Items(*s).Count());
    if (c.ord + 1 >= count) return std::string("This is the last item");
    next = c.ord + 1;
  }
  TAXA_RETURN_IF_ERROR(SelectAt(*s, *next, t.selection));
  return std::string();
}

Result<std::string> Do(const SelectItem& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_ASSIGN_OR_RETURN(int64_t count, app::Items(*s).Count());
  if (c.ord < 0 || c.ord >= count) return std::string();  // past either end
  TAXA_RETURN_IF_ERROR(SelectAt(*s, c.ord, t.selection));
  return std::string();
}

Result<std::string> Do(const FlushLabels&, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  if (s->pending_labels() == 0) return std::string("No labels to save");
  TAXA_RETURN_IF_ERROR(t.host.StartTask("Saving labels", SaveTask()));
  return std::string("Saving labels...");
}

Result<std::string> StartJob(ApplyTarget& t, const std::string& verb, const std::string& dir,
                             app::ProjectJob job) {
  if (t.host.busy())
    return Status::FailedPrecondition("wait until \"" + t.host.job_title() + "\" ends");
  if (dir.empty()) return Status::InvalidInput("type the project's folder first");
  std::string title = verb + " " + dir;
  TAXA_RETURN_IF_ERROR(t.host.Start(title, std::move(job)));
  t.selection = {};
  return title + "...";
}

Result<std::string> Do(const OpenProject& c, ApplyTarget& t) {
  std::string dir = ExpandHome(c.dir);
  return StartJob(t, "Opening", dir, app::OpenJob(dir));
}

Result<std::string> Do(const CreateProject& c, ApplyTarget& t) {
  std::string dir = ExpandHome(c.dir);
  if (c.name.empty()) return Status::InvalidInput("give the new project a name");
  return StartJob(t, "Creating", dir, app::CreateJob(dir, c.name));
}

Result<std::string> Do(const CreateDemo& c, ApplyTarget& t) {
  std::string dir = ExpandHome(c.dir);
  return StartJob(t, "Preparing the demo in", dir, app::DemoJob(dir));
}

Result<std::string> Do(const Quit&, ApplyTarget& t) {
  t.quit = true;
  return std::string();
}

Result<std::string> Do(const SyncRemote& c, ApplyTarget& t) {
  TAXA_RETURN_IF_ERROR(NeedProject(t.host).status());  // the worker thread uses it
  std::string title = "Syncing with " + c.remote;
  TAXA_RETURN_IF_ERROR(t.host.StartTask(title, SyncTask(c.remote)));
  return title + "...";
}

Result<std::string> Do(const AddRemote& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::Remotes(*s).Add(c.name, c.url));
  return "Added remote " + c.name + " (" + c.url + ")";
}

Result<std::string> Do(const ResolveConflict& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_ASSIGN_OR_RETURN(core::MergeConflict conflict, app::Conflicts(*s).Get(c.id));
  TAXA_RETURN_IF_ERROR(app::Conflicts(*s).Resolve(conflict.id, c.resolution));
  return "Resolved the conflict on " + conflict.path + " (" + conflict.field + ")";
}

}  // namespace

app::ProjectTask SaveTask() {
  return [](app::Project& s, app::JobContext&) -> Result<std::string> {
    size_t pending = s.pending_labels();
    if (pending == 0) return std::string("No labels to save");
    TAXA_RETURN_IF_ERROR(s.Flush());
    return "Saved " + std::to_string(pending) + (pending == 1 ? " label" : " labels") +
           " in one commit";
  };
}

app::ProjectTask SyncTask(std::string remote) {
  return [remote = std::move(remote)](app::Project& s, app::JobContext&) -> Result<std::string> {
    TAXA_ASSIGN_OR_RETURN(app::SyncReport report, app::Remotes(s).Sync(remote));
    return "Synced: " + app::DescribeSync(remote, report);
  };
}

Result<std::string> Apply(const Command& command, ApplyTarget& target) {
  return std::visit([&](const auto& c) { return Do(c, target); }, command);
}

Status SelectFirstUnlabeled(app::Project& session, Selection& selection) {
  selection = {};
  TAXA_ASSIGN_OR_RETURN(int64_t count, app::Items(session).Count());
  if (count == 0) return Status::Ok();
  TAXA_ASSIGN_OR_RETURN(std::optional<int64_t> next, app::Labeling(session).NextUnlabeled(-1));
  return SelectAt(session, next.value_or(0), selection);
}

}  // namespace taxa::gui
