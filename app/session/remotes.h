// Remotes: the git remotes of a project (a bare repository on a share, a
// forge, an ssh or https hub) and syncing with them, plus each remote's
// state for the Sync window.
//
//   Remotes remotes(*project);
//   TAXA_RETURN_IF_ERROR(remotes.Add("origin", "/mnt/share/tickets.git"));
//   TAXA_ASSIGN_OR_RETURN(SyncReport r, remotes.Sync("origin"));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "session/project.h"

namespace taxa::app {

// A git remote of the project.
struct Remote {
  std::string name;
  std::string url;
};

// What a sync did (its last round, when the push was retried).
struct SyncReport {
  std::string remote;         // the remote synced with; empty for a bundle
  std::string fetched;        // the remote's main before our push; empty when it had none
  std::string head;           // our main afterwards
  bool merged = false;        // a merge commit joined the two sides
  bool fast_forward = false;  // ours moved forward to theirs (no merge commit)
  size_t conflicts = 0;       // conflict records the merge wrote under conflicts/
  bool pushed = false;        // the remote's main now equals `head`
  int attempts = 1;           // rounds of fetch-merge-push (more when the remote moved meanwhile)
};

// The outcome of the last sync with a remote, kept per clone (outside the
// committed tree) so every window and command can show it.
struct LastSync {
  int64_t time = 0;  // seconds since the epoch, when the sync ended
  bool ok = false;
  std::string summary;  // DescribeSync's line, or the one-line error
};

// A remote as the Sync window shows it: where it is, how our main compares
// with what we last fetched from it (no network), and how the last sync went.
struct RemoteStatus {
  std::string name;
  std::string url;
  std::string tracking;               // refs/remotes/<name>/main; empty when never fetched
  size_t ahead = 0;                   // commits on our main that `tracking` lacks
  size_t behind = 0;                  // commits on `tracking` that our main lacks
  std::optional<LastSync> last_sync;  // nullopt: never synced from this clone
};

// What a clone brought (Project::Clone): where from and to, the project's
// name and the commit checked out.
struct CloneReport {
  std::string dir;  // as given to Project::Clone
  std::string url;
  std::string project;  // taxa.json's name
  std::string head;     // the commit checked out; empty when the history is empty
};

// One line saying what a sync with `remote` did, e.g. "merged with origin,
// 1 conflict recorded; pushed 3f2a9c01d2".
std::string DescribeSync(const std::string& remote, const SyncReport& report);

class Remotes {
 public:
  explicit Remotes(Project& project);

  // Records a remote (sync::AddRemote); needs a writable project.
  Status Add(const std::string& name, const std::string& url);
  // Every remote, sorted by name.
  Result<std::vector<Remote>> List();
  // Forgets a remote (its configuration and what was fetched from it);
  // kNotFound when there is none of that name. Needs a writable project.
  Status Remove(const std::string& name);
  // Points a remote at another url (a relative local path is made
  // absolute); kNotFound for an unknown remote, kInvalidInput for an empty
  // url. Needs a writable project.
  Status SetUrl(const std::string& name, const std::string& url);
  // The remote a sync uses when none is named: the only one, else "origin".
  // kNotFound when the project has no remote.
  Result<std::string> DefaultRemote();
  // This project as just cloned from `url` into `dir`.
  Result<CloneReport> Cloned(const std::string& url, const std::string& dir);

  // Fetches the remote's main, commits pending labels, merges it with ours
  // (sync::MergeCommits; conflicts are recorded, never fatal), moves our
  // branch and work tree, reloads, and pushes. When the remote moved between
  // fetch and push, fetches and merges again (three attempts in all). An
  // unreachable remote fails with kIo in one line and changes nothing here.
  // The outcome (success or error) is recorded for Overview (RecordSync); a
  // failure to record is returned only when the sync itself succeeded.
  Result<SyncReport> Sync(const std::string& remote);

  // Every remote, sorted by name, with ahead/behind counts of our main
  // against refs/remotes/<name>/main (read locally: no network) and the last
  // recorded sync. kCorrupt naming the file when the record is unreadable.
  Result<std::vector<RemoteStatus>> Overview();
  // Records `outcome` as the last sync with `remote`, at the current time,
  // in <git dir>/taxa/last-sync.json (written atomically). Does nothing in
  // a read-only project (another process may be the writer).
  Status RecordSync(const std::string& remote, const Result<SyncReport>& outcome);

 private:
  Result<SyncReport> SyncUnrecorded(const std::string& remote);
  ProjectState& s_;
};

}  // namespace taxa::app
