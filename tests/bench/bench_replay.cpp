// Replay figures: on a project with N taxonomy commits (default 10,000) over
// M categories (default 1,000), `taxa history --as-of`, `taxa diff` and
// `taxa blame` as a person runs them (the whole process), beside `git log -p
// -- taxonomy/` of the same history in the same run. The first query builds
// the history cache (<git dir>/taxa/taxonomy-history); that build is its own
// row, and the three figures are the median of five runs after it.
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "session/internal/project_state.h"
#include "session/project.h"
#include "session/taxonomy_history.h"
#include "session/utc_stamp.h"

#include "taxa/core/taxonomy_codec.h"

namespace taxa::bench {

void BenchReplay(const ReplayBenchArgs& args, const std::string& root, std::vector<Row>& rows) {
  const std::string dir = root + "/replay";
  std::printf("taxa_bench replay: %zu taxonomy commits over %zu categories, in %s\n", args.commits,
              args.categories, dir.c_str());
  std::vector<std::string> commits;
  std::vector<int64_t> times;
  std::string hot;
  {
    auto p = app::Project::Create(dir, "Replay", As("lead"));
    if (!p.ok()) Die(p.status(), "create");
    app::ProjectState& s = (*p)->state();
    std::mt19937_64 rng(12);
    std::vector<core::Category> cats;
    std::vector<sync::FileWrite> first;
    for (size_t i = 0; i < args.categories; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "c%04zu", i);
      core::Category c{.id = id, .name = std::string("Name ") + id,
                       .definition = std::string("definition of ") + id};
      // A tree: every category after the first 50 under one of those.
      if (i >= 50) c.parent = cats[rng() % 50].id;
      cats.push_back(c);
      first.push_back({core::CategoryPath(c.id), core::EncodeCategory(c)});
    }
    hot = cats[7].id;
    auto commit = [&](const std::vector<sync::FileWrite>& files, const std::string& subject,
                      size_t n) {
      sync::CommitMeta meta = s.Meta(subject, {{"Taxa-Action", "category.edit"},
                                               {"Taxa-Rationale", "step " + std::to_string(n)}});
      meta.author_name = n % 3 == 0 ? "ana" : (n % 3 == 1 ? "bo" : "cy");
      Result<std::string> id = s.repo().Commit(files, meta);
      if (!id.ok()) Die(id.status(), "commit");
      commits.push_back(*id);
      times.push_back(std::time(nullptr));
    };
    commit(first, "Add the categories", 0);
    for (size_t n = 1; n < args.commits; ++n) {
      // One category in ten commits is the hot one blame reads.
      core::Category& c = rng() % 10 == 0 ? cats[7] : cats[rng() % cats.size()];
      switch (rng() % 4) {
        case 0: c.definition = "definition " + std::to_string(n); break;
        case 1: c.name = "Name " + std::to_string(n) + " " + c.id; break;
        case 2: c.examples.push_back("example " + std::to_string(n)); break;
        default:
          // Only leaves move, under one of the first 50 (never a cycle).
          if (&c - cats.data() >= 50) c.parent = cats[rng() % 50].id;
          else c.include.push_back("use " + std::to_string(n));
      }
      commit({{core::CategoryPath(c.id), core::EncodeCategory(c)}}, "edit " + c.id, n);
      if (n % 1000 == 0) std::printf("  %zu commits\n", n);
    }
  }
  // Open once so the index catches up with the commits made beside it.
  {
    auto p = app::Project::Open(dir, As("lead"));
    if (!p.ok()) Die(p.status(), "open");
  }
  const std::string taxa = std::string(TAXA_BINARY_DIR) + "/taxa -C " + dir + " ";
  double git_log = TimeShell("git -C " + dir + " log -p -- taxonomy/ > /dev/null");
  // A date past the last commit: resolving it walks main, building the cache.
  double build = TimeShell(taxa + "history --as-of 2999-01-01 --json > /dev/null");
  rows.push_back({"replay: first query, builds the history cache", build,
                  "git log -p -- taxonomy/", git_log, "", true,
                  "(" + std::to_string(args.commits) + " commits)"});

  const std::string middle = commits[commits.size() / 2];
  const std::string quarter = commits[commits.size() / 4];
  const std::string date = app::UtcText(times[times.size() * 3 / 5]);
  struct Query {
    std::string what, args;
  };
  std::vector<Query> queries = {
      {"replay: history --as-of DATE (all categories)", "history --as-of " + date + " --json"},
      {"replay: history CATEGORY --as-of COMMIT", "history " + hot + " --as-of " + middle.substr(0, 10) + " --json"},
      {"replay: diff COMMIT COMMIT", "diff " + quarter.substr(0, 12) + " HEAD --json"},
      {"replay: blame (category changed ~" + std::to_string(args.commits / 10) + " times)",
       "blame " + hot + " --json"},
  };
  for (const Query& q : queries) {
    std::vector<double> t;
    for (int i = 0; i < 5; ++i) t.push_back(TimeShell(taxa + q.args + " > /dev/null"));
    double m = Percentile(t, 0.5);
    rows.push_back({q.what, m, "git log -p -- taxonomy/", git_log, "< 0.2 s", m < 0.2,
                    "(whole process, median of 5)"});
  }
  // The same queries inside one open project (no process start, no open).
  auto p = app::Project::Open(dir, As("lead"));
  if (!p.ok()) Die(p.status(), "open");
  app::TaxonomyHistory h(**p);
  auto time_it = [&](const std::string& what, auto fn) {
    std::vector<double> t;
    for (int i = 0; i < 5; ++i) {
      auto start = Clock::now();
      fn();
      t.push_back(Seconds(start));
    }
    double m = Percentile(t, 0.5);
    rows.push_back({what, m, "git log -p -- taxonomy/", git_log, "< 0.2 s", m < 0.2,
                    "(in the session, median of 5)"});
  };
  time_it("replay: session Resolve(date) + TaxonomyAt", [&] {
    auto point = h.Resolve(date);
    if (!point.ok()) Die(point.status(), "resolve");
    if (!h.TaxonomyAt(*point).ok()) Die(Status::Internal("taxonomy at"), "history");
  });
  time_it("replay: session Diff", [&] {
    if (!h.Diff(quarter, "HEAD").ok()) Die(Status::Internal("diff"), "diff");
  });
  time_it("replay: session Blame", [&] {
    auto b = h.Blame(hot);
    if (!b.ok()) Die(b.status(), "blame");
  });
}

}  // namespace taxa::bench
