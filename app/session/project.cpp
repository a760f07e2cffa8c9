// Project: opening, creating and cloning projects; the rest is the state's.
#include "session/project.h"

#include <filesystem>
#include <random>
#include <system_error>

#include "session/internal/project_state.h"
#include "session/items.h"
#include "session/utc_stamp.h"

#include "taxa/assets/assets.h"
#include "taxa/sync/remote.h"

namespace taxa::app {

namespace {

std::string RandomHex(size_t digits) {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < digits; ++i) out += kHex[rd() & 15];
  return out;
}

}  // namespace

Project::Project(std::unique_ptr<ProjectState> state) : state_(std::move(state)) {}
Project::~Project() = default;

Result<std::unique_ptr<Project>> Project::Wrap(Result<std::unique_ptr<ProjectState>> state) {
  if (!state.ok()) return state.status();
  return std::unique_ptr<Project>(new Project(std::move(*state)));
}

const std::string& Project::dir() const { return state_->dir(); }
const std::string& Project::user() const { return state_->user(); }
Status Project::ActAs(const std::string& user) { return state_->ActAs(user); }
Status Project::NoteWriter(const std::string& note) {
  TAXA_RETURN_IF_ERROR(state_->RequireWritable());
  return state_->NoteWriter(note);
}
const std::string& Project::device() const { return state_->device(); }
bool Project::writable() const { return state_->writable(); }
const core::Taxonomy& Project::taxonomy() const { return state_->taxonomy(); }
const core::ProjectSettings& Project::settings() const { return state_->settings(); }
uint64_t Project::revision() const { return state_->revision(); }
Status Project::Flush() { return state_->Flush(); }
size_t Project::pending_labels() const { return state_->pending(); }

Result<std::unique_ptr<Project>> Project::Create(const std::string& dir, const std::string& name,
                                                 SessionOptions options) {
  if (name.empty()) return Status::InvalidInput("a project needs a name (--name)");
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Repository::Init(dir));
  core::ProjectSettings settings;
  settings.id = RandomHex(16);
  settings.name = name;
  settings.created = UtcStamp(kIso8601);
  options.mode = OpenMode::kWrite;
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<ProjectState> s,
                        ProjectState::Attach(std::move(repo), dir, std::move(options)));
  TAXA_RETURN_IF_ERROR(s->CommitFiles(
      {{std::string(core::kSettingsPath), core::EncodeSettings(settings)}},
      s->Meta("Create project \"" + name + "\"", {{"Taxa-Action", "project.create"}})));
  TAXA_RETURN_IF_ERROR(s->Load());
  return Wrap(std::move(s));
}

Result<std::unique_ptr<Project>> Project::CreateDemo(const std::string& dir,
                                                     SessionOptions options) {
  std::optional<std::string_view> taxonomy = assets::Find("demo/taxonomy.json");
  std::optional<std::string_view> items = assets::Find("demo/items.jsonl");
  if (!taxonomy || !items) return Status::Internal("the demo data was not built into this binary");
  TAXA_ASSIGN_OR_RETURN(core::Taxonomy t,
                        core::DecodeTaxonomyDocument(*taxonomy, "demo/taxonomy.json"));
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Project> p,
                        Create(dir, "Acme Support Tickets (demo)", std::move(options)));
  ProjectState& s = p->state();
  TAXA_RETURN_IF_ERROR(s.CommitTaxonomy(
      t, s.Meta("Add the demo taxonomy (" + std::to_string(t.size()) + " categories)",
                {{"Taxa-Action", "taxonomy.import"}})));
  TAXA_RETURN_IF_ERROR(
      Items(*p).ImportBytes(*items, "demo/items.jsonl", core::ImportFormat::kJsonLines).status());
  return p;
}

Result<std::unique_ptr<Project>> Project::Open(const std::string& dir, SessionOptions options) {
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Repository::Open(dir));
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<ProjectState> s,
                        ProjectState::Attach(std::move(repo), dir, std::move(options)));
  TAXA_RETURN_IF_ERROR(s->Load());
  if (s->writable()) TAXA_RETURN_IF_ERROR(s->Recover());
  return Wrap(std::move(s));
}

Result<std::unique_ptr<Project>> Project::Clone(const std::string& url, const std::string& dir,
                                                SessionOptions options) {
  bool existed = core::PathExists(dir);
  TAXA_ASSIGN_OR_RETURN(sync::Repository repo, sync::Clone(url, dir));
  TAXA_ASSIGN_OR_RETURN(std::string head, repo.Head());
  if (head.empty()) {
    // Leave nothing behind, so the same clone can be run again later.
    repo = sync::Repository();
    std::error_code ignored;
    if (!existed) std::filesystem::remove_all(dir, ignored);
    return Status::NotFound(url + " holds no project yet (sync one into it first)");
  }
  options.mode = OpenMode::kWrite;
  TAXA_ASSIGN_OR_RETURN(std::unique_ptr<ProjectState> s,
                        ProjectState::Attach(std::move(repo), dir, std::move(options)));
  TAXA_RETURN_IF_ERROR(s->Load());
  return Wrap(std::move(s));
}

}  // namespace taxa::app
