// taxa_bench: the sync figures (issue 3).
//  - 1,000 new label events synced into a replica of a project that holds
//    --sync-big-events (10,000,000) events; the cost must follow the change.
//  - Two replicas that each added --sync-side-events (1,000,000) events and
//    200 taxonomy edits since their common base: the second one's sync
//    (fetch, merge, index, push).
//  Each beside `git fetch` + `git merge` of the same commits on a plain copy
//  of the same repository.
//  - The sync property (three replicas, random edits and sync orders) over
//    --property-seeds seeds.
#include <unistd.h>

#include <filesystem>
#include <random>

#include "app/sync_property.h"
#include "bench/bench_support.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/remotes.h"
#include "session/taxonomy_edits.h"
#include <sys/wait.h>

namespace taxa::bench {

namespace {

namespace fs = std::filesystem;

std::unique_ptr<app::Project> OpenOrDie(const std::string& dir, const std::string& user) {
  auto s = app::Project::Open(dir, As(user));
  if (!s.ok()) Die(s.status(), ("open " + dir).c_str());
  return std::move(*s);
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) Die(s, what);
}

// A project with `items` items and `categories` categories cat0..catN-1,
// pushed to a new bare hub at `hub`.
void MakeBase(const std::string& dir, const std::string& hub, size_t items, int categories) {
  auto s = app::Project::Create(dir, "Sync bench", As("lead"));
  if (!s.ok()) Die(s.status(), "create");
  for (int c = 0; c < categories; ++c) {
    Check(app::TaxonomyEdits(**s).Add(
              {.id = "cat" + std::to_string(c),
               .name = "Category " + std::to_string(c),
               .definition = "Benchmark category " + std::to_string(c) + "."}),
          "add category");
  }
  std::string lines;
  char line[96];
  for (size_t i = 0; i < items; ++i) {
    std::snprintf(line, sizeof line, "{\"id\":\"item-%08zu\",\"text\":\"text of item %zu\"}\n", i,
                  i);
    lines += line;
  }
  if (auto r = app::Items(**s).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines);
      !r.ok())
    Die(r.status(), "import");
  if (std::system(("git init -q --bare " + hub).c_str()) != 0) Die(Status::Io(hub), "git init");
  Check(app::Remotes(**s).Add("origin", hub), "remote add");
  if (auto r = app::Remotes(**s).Sync("origin"); !r.ok()) Die(r.status(), "first sync");
}

// `n` label events by `annotator` on random items, committed in batches of a
// million (a vendor's deliveries).
void AddEvents(app::Project& s, size_t n, size_t items, const std::string& annotator,
               std::mt19937_64& rng) {
  constexpr size_t kBatch = 1000000;
  char id[32];
  for (size_t done = 0; done < n;) {
    size_t count = std::min(kBatch, n - done);
    std::vector<app::LabelRequest> requests(count);
    for (app::LabelRequest& r : requests) {
      std::snprintf(id, sizeof id, "item-%08zu", static_cast<size_t>(rng() % items));
      r.item = id;
      r.categories = {"cat" + std::to_string(rng() % 20)};
      r.annotator = annotator;
    }
    if (auto e = app::Labeling(s).LabelMany(requests, app::LabelCommit::kNow); !e.ok())
      Die(e.status(), "label");
    done += count;
  }
}

// A replica made by copying a project's folder, with a device id of its own.
void CopyReplica(const std::string& from, const std::string& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
  fs::remove(to + "/.git/taxa/device");
  fs::remove(to + "/.git/taxa/lock");
}

// git fetch + git merge of the hub's main into a plain copy of `replica`.
double GitFetchMerge(const std::string& replica, const std::string& copy) {
  fs::remove_all(copy);
  fs::copy(replica, copy, fs::copy_options::recursive);
  return TimeShell("git -C " + copy + " fetch -q origin && git -C " + copy +
                   " -c user.name=bench -c user.email=bench@localhost merge -q --no-edit "
                   "origin/main > /dev/null");
}

struct TimedSync {
  app::SyncReport report;
  double seconds = 0;  // our sync
  double git = 0;      // git fetch + git merge of the same commits
  int64_t events = 0;  // label events in the project afterwards
};

// Times git's fetch and merge on a copy of `dir`, then Taxa's sync of `dir`.
TimedSync SyncBesideGit(const std::string& dir, const std::string& git_copy) {
  TimedSync out;
  out.git = GitFetchMerge(dir, git_copy);
  auto s = OpenOrDie(dir, "bob");
  auto start = Clock::now();
  auto r = app::Remotes(*s).Sync("origin");
  out.seconds = Seconds(start);
  if (!r.ok()) Die(r.status(), ("sync " + dir).c_str());
  out.report = *r;
  auto counts = app::Items(*s).Counts();
  if (!counts.ok()) Die(counts.status(), "counts");
  out.events = counts->events;
  fs::remove_all(git_copy);
  return out;
}

void BenchSmallSyncIntoBigProject(const SyncBenchArgs& args, const std::string& root,
                                  std::vector<Row>& rows) {
  std::string a = root + "/big-a", b = root + "/big-b", hub = root + "/big-hub.git";
  constexpr size_t kItems = 100000;
  std::mt19937_64 rng(7);
  auto setup = Clock::now();
  MakeBase(a, hub, kItems, 20);
  {
    auto s = OpenOrDie(a, "lead");
    AddEvents(*s, args.big_events, kItems, "vendor", rng);
    if (auto r = app::Remotes(*s).Sync("origin"); !r.ok()) Die(r.status(), "push the big project");
  }
  CopyReplica(a, b);
  {
    auto s = OpenOrDie(a, "lead");
    AddEvents(*s, 1000, kItems, "alice", rng);
    if (auto r = app::Remotes(*s).Sync("origin"); !r.ok()) Die(r.status(), "push 1,000 events");
  }
  std::printf("(sync into a big project: set up %zu events in %.0f s)\n", args.big_events,
              Seconds(setup));
  TimedSync t = SyncBesideGit(b, root + "/big-git");
  rows.push_back({"sync 1,000 events into " + std::to_string(t.events) + " events", t.seconds,
                  "git fetch + git merge", t.git, "< 1 s", t.seconds < 1, ""});
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove_all(hub);
}

void BenchTwoSidedMerge(const SyncBenchArgs& args, const std::string& root,
                        std::vector<Row>& rows) {
  std::string a = root + "/two-a", b = root + "/two-b", hub = root + "/two-hub.git";
  constexpr size_t kItems = 100000;
  constexpr int kCategories = 200;
  std::mt19937_64 rng(11);
  MakeBase(a, hub, kItems, kCategories);
  CopyReplica(a, b);
  // Each side: a million events and 200 edits, on categories of its own so
  // that git's line merge (the baseline) can merge them too.
  auto side = [&](const std::string& dir, const std::string& user, int first_category) {
    auto s = OpenOrDie(dir, user);
    AddEvents(*s, args.side_events, kItems, user, rng);
    for (int e = 0; e < 200; ++e) {
      core::CategoryEdit edit;
      edit.definition = "Edited by " + user + ", edit " + std::to_string(e) + ".";
      Check(app::TaxonomyEdits(*s).Edit("cat" + std::to_string(first_category + e % 100), edit),
            "edit");
    }
    return s;
  };
  {
    auto s = side(a, "alice", 0);
    if (auto r = app::Remotes(*s).Sync("origin"); !r.ok()) Die(r.status(), "push side a");
  }
  side(b, "bob", 100).reset();
  TimedSync t = SyncBesideGit(b, root + "/two-git");
  if (!t.report.merged || t.report.conflicts != 0)
    Die(Status::Internal("expected a clean merge"), "merge");
  rows.push_back({"merge 2 x (" + std::to_string(args.side_events) + " events + 200 edits)",
                  t.seconds, "git fetch + git merge", t.git, "< 5 s", t.seconds < 5,
                  "(fetch, merge, index, push)"});
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove_all(hub);
}

// The property over many seeds, split over two processes (two cores here).
void BenchProperty(const SyncBenchArgs& args, const std::string& root, std::vector<Row>& rows) {
  if (args.property_seeds == 0) return;
  auto start = Clock::now();
  constexpr int kWorkers = 2;
  int pipes[kWorkers][2];
  pid_t pids[kWorkers];
  for (int w = 0; w < kWorkers; ++w) {
    if (::pipe(pipes[w]) != 0) Die(Status::Io("pipe"), "property");
    pids[w] = ::fork();
    if (pids[w] == 0) {
      ::close(pipes[w][0]);
      size_t failed = 0;
      std::string report;
      for (size_t seed = 1 + w; seed <= args.property_seeds; seed += kWorkers) {
        std::string dir = root + "/property-" + std::to_string(seed);
        fs::create_directories(dir);
        testing::PropertyOutcome o = testing::RunSyncProperty({.seed = seed, .dir = dir});
        if (!o.violations.empty()) {
          ++failed;
          report += o.Describe() + "\n";
        }
        fs::remove_all(dir);
      }
      if (!report.empty()) std::fprintf(stderr, "%s", report.c_str());
      if (::write(pipes[w][1], &failed, sizeof failed) != sizeof failed) ::_exit(1);
      ::_exit(0);
    }
    ::close(pipes[w][1]);
  }
  size_t failed = 0;
  for (int w = 0; w < kWorkers; ++w) {
    size_t f = 0;
    if (::read(pipes[w][0], &f, sizeof f) != sizeof f) f = args.property_seeds;  // a crash
    failed += f;
    ::close(pipes[w][0]);
    int status = 0;
    ::waitpid(pids[w], &status, 0);
  }
  double t = Seconds(start);
  rows.push_back({"sync property, " + std::to_string(args.property_seeds) + " seeds x 3 replicas",
                  t, "", 0, "0 failures", failed == 0,
                  "(" + std::to_string(failed) + " seeds failed)"});
}

}  // namespace

void BenchSync(const SyncBenchArgs& args, const std::string& root, std::vector<Row>& rows) {
  BenchProperty(args, root, rows);
  if (args.side_events > 0) BenchTwoSidedMerge(args, root, rows);
  if (args.big_events > 0) BenchSmallSyncIntoBigProject(args, root, rows);
}

}  // namespace taxa::bench
