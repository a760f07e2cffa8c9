// A Project is one open Taxa project: the session API's entry point. Every
// face (CLI, GUI, web) opens a Project and asks the services beside it
// (items.h, labeling.h, taxonomy_edits.h, quality_service.h, calibration.h,
// gold.h, remotes.h, conflicts.h, releases.h, bundles.h, settings.h,
// history.h), each a small class constructed over the Project:
//
//   TAXA_ASSIGN_OR_RETURN(std::unique_ptr<Project> p, Project::Open(dir, {.user = "alice"}));
//   TAXA_RETURN_IF_ERROR(Labeling(*p).Label({.item = "T-1", .categories = {"billing"}}).status());
//   TAXA_RETURN_IF_ERROR(p->Flush());   // also done on destruction
//
// Opened for writing, a Project holds the project's writer lock (another
// writer waits up to SessionOptions::lock_wait, then gets kLocked naming the
// holder), brings the work tree back in step with HEAD, replays any
// label journal a crash left, and keeps the index in step with HEAD. Each operation is one commit
// with a readable message and Taxa-* trailers. Opened read-only it takes no lock and writes nothing
// in the repository.
//
// Not thread-safe: one thread uses a Project (and its services) at a time.
// Work that must run beside it opens a second, read-only Project (jobs.h).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "taxa/core/index.h"
#include "taxa/core/status.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::app {

class ProjectState;

enum class OpenMode {
  kWrite,  // take the writer lock; fail with kLocked when another has it
  // Never take the writer lock, never write the repository (the index cache
  // may be brought forward). Reads one snapshot for the project's life: the
  // commit the index holds once brought to HEAD at open, with the index read
  // in one SQLite read transaction (WAL: writers go on beside it). For one
  // command or job; a long-lived reader reopens to see newer commits.
  kReadOnly,
  kPreferWrite,  // write when the lock is free, else read-only (no snapshot)
};

// One line for the person at the keyboard about something the session did
// on its own: repaired, rebuilt or set aside (the index rebuilt after damage,
// the work tree brought back in step, damaged journal lines quarantined).
// Called on the thread doing the work.
using NoticeFn = std::function<void(const std::string& line)>;

struct SessionOptions {
  std::string user;  // annotator and commit author; empty: TAXA_USER, $USER
  OpenMode mode = OpenMode::kWrite;
  // How long to wait for another writer to let go of the writer lock before
  // failing with kLocked (kWrite, kPreferWrite); zero fails at once.
  std::chrono::milliseconds lock_wait{0};
  core::ProgressFn progress;  // for long work (index rebuild, import)
  NoticeFn notice;            // null: notices are dropped
};

class Project {
 public:
  ~Project();  // commits pending labels; errors there are lost, so call Flush()
  Project(const Project&) = delete;
  Project& operator=(const Project&) = delete;

  // Creates a new project in `dir` (which must not hold one) and opens it.
  static Result<std::unique_ptr<Project>> Create(const std::string& dir, const std::string& name,
                                                 SessionOptions options = {});
  // Creates the demo project (taxonomy and items embedded in the binary).
  static Result<std::unique_ptr<Project>> CreateDemo(const std::string& dir,
                                                     SessionOptions options = {});
  // Opens the project in `dir`.
  static Result<std::unique_ptr<Project>> Open(const std::string& dir, SessionOptions options = {});
  // Clones the project at `url` into `dir` (remote "origin") and opens it.
  // kNotFound when the remote holds no project yet.
  static Result<std::unique_ptr<Project>> Clone(const std::string& url, const std::string& dir,
                                                SessionOptions options = {});

  const std::string& dir() const;
  // The acting user (ActAs), else the user the project was opened as.
  const std::string& user() const;
  // For a face that serves several people through one open project (taxa
  // serve): makes `user` (folded to lower case) the project's user until the
  // next call: whose labels are "mine", whose undo, whose role decides
  // (access.h), the author of commits. ActAs(the user it was opened as)
  // goes back. kInvalidInput for a name no annotator may have.
  Status ActAs(const std::string& user);
  const std::string& device() const;
  bool writable() const;
  const core::Taxonomy& taxonomy() const;
  const core::ProjectSettings& settings() const;
  // Changes whenever the project's content visible to views changes.
  uint64_t revision() const;

  // Seals journaled labels into segments and commits them. Ok and no commit
  // when nothing is pending or the project is open read-only.
  Status Flush();
  // Labels acknowledged (durable in the journal) and not yet committed.
  size_t pending_labels() const;

  // Adds `note` to what another process that wants to write is told holds
  // the project: "project P is in use by taxa pid 12 on host" + note
  // (taxa serve: ", serving http://127.0.0.1:8470/"). Never put a secret in
  // it: the lock file is readable by other users. kFailedPrecondition when
  // the project is open read-only.
  Status NoteWriter(const std::string& note);

  // For the services only (they include session/internal/project_state.h;
  // the faces never do).
  ProjectState& state() { return *state_; }

 private:
  explicit Project(std::unique_ptr<ProjectState> state);
  static Result<std::unique_ptr<Project>> Wrap(Result<std::unique_ptr<ProjectState>> state);

  std::unique_ptr<ProjectState> state_;
};

}  // namespace taxa::app
