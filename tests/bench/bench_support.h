// What every figure of taxa_bench shares: timing, a row of the table, the
// way out on failure.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "session/project.h"

namespace taxa::bench {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// The `q` quantile (0.5: the median) of `v`, the nearest rank; 0 when empty.
inline double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

[[noreturn]] inline void Die(const taxa::Status& s, const char* what) {
  std::fprintf(stderr, "taxa_bench: %s: %s\n", what, s.message().c_str());
  std::exit(1);
}

// Runs `cmd` with the shell and returns its wall time; exits when it fails.
inline double TimeShell(const std::string& cmd) {
  auto start = Clock::now();
  int rc = std::system(cmd.c_str());
  double t = Seconds(start);
  if (rc != 0) {
    std::fprintf(stderr, "taxa_bench: baseline failed: %s\n", cmd.c_str());
    std::exit(1);
  }
  return t;
}

inline taxa::app::SessionOptions As(const std::string& user) {
  taxa::app::SessionOptions o;
  o.user = user;
  return o;
}

// One line of the table: our time, the baseline's on the same work, the target.
struct Row {
  std::string what;
  double taxa;  // seconds
  std::string baseline_name;
  double baseline;
  std::string target;
  bool pass;
  std::string note;
};

struct SyncBenchArgs {
  size_t big_events = 10000000;  // the project a 1,000-event sync lands in
  size_t side_events = 1000000;  // events each replica adds before the two-sided merge
  size_t property_seeds = 200;   // seeds of the sync property
};

// The sync figures (bench_sync.cpp), appended to `rows`; works under `root`.
void BenchSync(const SyncBenchArgs& args, const std::string& root, std::vector<Row>& rows);

// The quality figures (bench_quality.cpp), appended to `rows`; needs no project.
void BenchQuality(std::vector<Row>& rows, const std::string& root);

struct WebBenchArgs {
  int clients = 50;               // label submission clients
  double seconds = 10;            // of the 500/s run (each higher rate: half, at least 2 s)
  size_t big_items = 1000000;     // the project of the page, quality and Chromium figures
};

// The web figures (bench_web.cpp): taxa serve in this process, loopback
// clients, and headless Chromium where installed.
void BenchWeb(const WebBenchArgs& args, const std::string& root, std::vector<Row>& rows);

struct ReplayBenchArgs {
  size_t commits = 10000;    // taxonomy commits, one category changed in each
  size_t categories = 1000;  // categories, all added in the first of them
};

// The audit replay figures (bench_replay.cpp): history --as-of, diff and
// blame beside `git log -p -- taxonomy/` of the same history.
void BenchReplay(const ReplayBenchArgs& args, const std::string& root, std::vector<Row>& rows);
// bench_forward.cpp: export and agree of a 1M-item project before and after a
// migration chain of 100 taxonomy changes (labels carried forward).
void BenchForward(std::vector<Row>& rows, const std::string& root);

// bench_labels_import.cpp: `taxa labels import` of `label_rows` CSV rows
// beside `zstd -3` of the same file, then the same file again.
void BenchLabelsImport(size_t label_rows, const std::string& root, std::vector<Row>& rows);
// bench_sampling.cpp: a stratified sample drawn from `items` items (10M by
// default) beside std::shuffle of as many positions.
void BenchSampling(size_t items, std::vector<Row>& rows);
// bench_defects.cpp: the defect report over `reviewed` reviewed labels.
void BenchDefects(size_t reviewed, const std::string& root, std::vector<Row>& rows);

// bench_crash.cpp: `trials` crash trials (tests/app/crash_trials.h).
void BenchCrash(int trials, const std::string& root, std::vector<Row>& rows);

// Confident learning over 1M x 10 predicted probabilities (bench_actions.cpp).
void BenchConfidentLearning(std::vector<Row>& rows);
// `taxa actions` over `items` items with predictions (bench_actions.cpp).
void BenchActions(size_t items, const std::string& root, std::vector<Row>& rows);

}  // namespace taxa::bench
