#include "gui/apply.h"

#include <optional>
#include <type_traits>

#include "gui/apply_labels.h"
#include "gui/apply_taxonomy.h"
#include "gui/paths.h"
#include "session/conflicts.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/remotes.h"

namespace taxa::gui {

namespace {

using detail::Do;
using detail::NeedProject;

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
  // The open project and its selection stay until the new one has opened
  // (frame.cpp adopts it): a failed open leaves the annotator where they were.
  TAXA_RETURN_IF_ERROR(t.host.Start(title, std::move(job), dir));
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

Result<std::string> Do(const ImportItems& c, ApplyTarget& t) {
  TAXA_RETURN_IF_ERROR(NeedProject(t.host).status());  // the worker thread uses it
  std::string path = ExpandHome(c.path);
  if (path.empty()) return Status::InvalidInput("type the path of a .jsonl or .csv file first");
  std::string title = "Importing " + path;
  TAXA_RETURN_IF_ERROR(t.host.StartTask(title, ImportTask(path)));
  return title + "...";
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

Result<std::string> Do(const RemoveRemote& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::Remotes(*s).Remove(c.name));
  return "Removed remote " + c.name;
}

Result<std::string> Do(const SetRemoteUrl& c, ApplyTarget& t) {
  TAXA_ASSIGN_OR_RETURN(app::Project * s, NeedProject(t.host));
  TAXA_RETURN_IF_ERROR(app::Remotes(*s).SetUrl(c.name, c.url));
  return "Remote " + c.name + " now points at " + c.url;
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

app::ProjectTask ImportTask(std::string path) {
  return [path = std::move(path)](app::Project& s, app::JobContext&) -> Result<std::string> {
    TAXA_ASSIGN_OR_RETURN(app::ImportReport report, app::Items(s).Import(path));
    return "Imported " + std::to_string(report.added) + " new items from " + path + " (" +
           std::to_string(report.unchanged) + " already here)";
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

}  // namespace taxa::gui
