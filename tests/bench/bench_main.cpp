// taxa_bench: the speed figures, each beside a baseline measured in the same
// run on the same bytes (machines here are noisy; ratios travel better than
// seconds).
//
//   build/release/taxa_bench [--only foundation,quality,forward,sync,crash,web,replay,
//                                     labels-import,sampling,confident-learning,defects]
//                            [--items N] [--events N]
//                            [--sync-big-events N] [--sync-side-events N]
//                            [--property-seeds N] [--crash-trials N] [--dir DIR] [--keep]
//                            [--web-clients N] [--web-seconds S] [--web-items N]
//
// Quality figures: bench_quality.cpp; sync figures: bench_sync.cpp; web figures: bench_web.cpp;
// replay figures (history --as-of, diff, blame): bench_replay.cpp.
// Foundation figures: import+commit of N text items (baseline: `zstd -3` over the same
// file), append+commit of N label events (baseline: `zstd -3` over the same
// events as JSON Lines), index rebuild from scratch (baseline: the sqlite3
// shell importing the same rows), open-to-first-item, and label
// acknowledgement latency (journal fsync + index insert).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"
#include <sys/resource.h>
#include <sys/wait.h>

namespace taxa::bench {
namespace {

const char* kWords[] = {
    "order",     "refund",       "charged",      "twice",    "delivery", "parcel",   "late",
    "broken",    "screen",       "battery",      "app",      "crashes",  "login",    "password",
    "account",   "invoice",      "subscription", "cancel",   "please",   "help",     "thanks",
    "still",     "waiting",      "since",        "Monday",   "tracking", "number",   "shows",
    "nothing",   "support",      "agent",        "promised", "call",     "back",     "never",
    "happened",  "firmware",     "update",       "bricked",  "device",   "speaker",  "pairing",
    "bluetooth", "wifi",         "drops",        "every",    "hour",     "customer", "loyal",
    "years",     "disappointed", "great",        "product",  "but",      "the",      "a",
    "my",        "is",           "not",          "and",      "it",       "was",      "to",
    "for"};

std::string Text(std::mt19937_64& rng, size_t target) {
  std::string t;
  while (t.size() < target) {
    if (!t.empty()) t += ' ';
    t += kWords[rng() % (sizeof kWords / sizeof kWords[0])];
  }
  return t;
}

struct Args {
  size_t items = 1000000;
  size_t events = 1000000;
  std::string dir;
  bool keep = false;
  std::string only;  // comma-separated sections; empty: all
  SyncBenchArgs sync;
  WebBenchArgs web;
  ReplayBenchArgs replay;
  int crash_trials = 300;
  size_t label_rows = 1000000;  // labels-import
  size_t sampling_items = 10000000;  // --sampling-items
  size_t actions_items = 1000000;    // --actions-items
  bool Wants(const std::string& section) const {
    return only.empty() || ("," + only + ",").find("," + section + ",") != std::string::npos;
  }
};

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "taxa_bench: %s needs a value\n", k.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (k == "--items")
      a.items = std::stoul(value());
    else if (k == "--events")
      a.events = std::stoul(value());
    else if (k == "--dir")
      a.dir = value();
    else if (k == "--keep")
      a.keep = true;
    else if (k == "--only")
      a.only = value();
    else if (k == "--sync-big-events")
      a.sync.big_events = std::stoul(value());
    else if (k == "--sync-side-events")
      a.sync.side_events = std::stoul(value());
    else if (k == "--property-seeds")
      a.sync.property_seeds = std::stoul(value());
    else if (k == "--label-rows")
      a.label_rows = std::stoul(value());
    else if (k == "--crash-trials")
      a.crash_trials = std::stoi(value());
    else if (k == "--web-clients")
      a.web.clients = std::stoi(value());
    else if (k == "--web-seconds")
      a.web.seconds = std::stod(value());
    else if (k == "--web-items")
      a.web.big_items = std::stoul(value());
    else if (k == "--replay-commits")
      a.replay.commits = std::stoul(value());
    else if (k == "--sampling-items")
      a.sampling_items = std::stoul(value());
    else if (k == "--actions-items")
      a.actions_items = std::stoul(value());
    else if (k == "--replay-categories")
      a.replay.categories = std::stoul(value());
    else if (k == "--help" || k == "-h") {
      std::printf(
          "usage: taxa_bench [--only foundation,quality,forward,sync,crash,web,replay,\n"
          "                          labels-import,sampling,confident-learning,actions,\n"
          "                          defects]\n"
          "                  [--items N] [--events N]\n"
          "                  [--sync-big-events N] [--sync-side-events N] [--property-seeds N]\n"
          "                  [--crash-trials N] [--dir DIR] [--keep]\n"
          "                  [--web-clients N] [--web-seconds S] [--web-items N]\n"
          "                  [--replay-commits N] [--replay-categories N] [--label-rows N]\n"
          "                  [--sampling-items N] [--actions-items N]\n");
      std::exit(0);
    } else {
      std::fprintf(stderr, "taxa_bench: unknown argument %s (see --help)\n", k.c_str());
      std::exit(2);
    }
  }
  return a;
}

void Print(const std::vector<Row>& rows) {
  std::printf("\n%-44s %10s  %-30s %10s %8s  %-10s %s\n", "figure", "taxa", "baseline", "base",
              "ratio", "target", "");
  for (const Row& r : rows) {
    std::string base = r.baseline > 0 ? std::to_string(r.baseline).substr(0, 6) + " s" : "-";
    std::string ratio =
        r.baseline > 0 ? std::to_string(r.taxa / r.baseline).substr(0, 5) + "x" : "-";
    bool small = r.taxa < 0.01;  // print latencies in milliseconds
    std::printf("%-44s %8.3f %s  %-30s %10s %8s  %-10s %s %s\n", r.what.c_str(),
                small ? r.taxa * 1000 : r.taxa, small ? "ms" : " s", r.baseline_name.c_str(),
                base.c_str(), ratio.c_str(), r.target.c_str(), r.pass ? "ok" : "MISSED",
                r.note.c_str());
  }
}
// The foundation's figures (issue 2): import, labels, index, open, GUI.
void BenchFoundation(const Args& args, const std::string& root, std::vector<Row>& rows) {
  std::string project = root + "/project";
  std::filesystem::remove_all(project);
  std::printf("taxa_bench foundation: %zu items, %zu label events, in %s\n", args.items,
              args.events, root.c_str());

  // ---- data ----
  std::mt19937_64 rng(42);
  std::string items_path = root + "/items.jsonl";
  std::string items_csv = root + "/items.csv";
  {
    std::ofstream jl(items_path), csv(items_csv);
    csv << "id,text,lang\n";
    char id[32];
    for (size_t i = 0; i < args.items; ++i) {
      std::snprintf(id, sizeof id, "item-%08zu", i);
      std::string text = Text(rng, 150 + rng() % 100);
      jl << "{\"id\":\"" << id << "\",\"text\":\"" << text
         << "\",\"meta\":{\"lang\":\"en\",\"source\":\"bench\"}}\n";
      csv << id << "," << text << ",en\n";
    }
  }

  // ---- import: in a child process, so its peak memory is its own ----
  {
    double zstd = TimeShell("zstd -3 -q -c " + items_path + " > /dev/null");
    int pipefd[2];
    if (::pipe(pipefd) != 0) Die(taxa::Status::Io("pipe"), "import");
    pid_t child = ::fork();
    if (child == 0) {
      auto start = Clock::now();
      auto s = taxa::app::Project::Create(project, "Bench", As("bench"));
      if (!s.ok()) Die(s.status(), "create");
      auto r = app::Items(**s).Import(items_path);
      if (!r.ok()) Die(r.status(), "import");
      double t = Seconds(start);
      if (::write(pipefd[1], &t, sizeof t) != sizeof t) ::_exit(1);
      ::_exit(0);
    }
    double t = 0;
    if (::read(pipefd[0], &t, sizeof t) != sizeof t)
      Die(taxa::Status::Io("the import child died"), "import");
    int status;
    struct rusage ru {};
    ::wait4(child, &status, 0, &ru);
    double peak_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
    rows.push_back(
        {"import+commit " + std::to_string(args.items) + " items", t, "zstd -3 of the same file",
         zstd, "< 10 s", t < 10,
         "(peak " + std::to_string(static_cast<int>(peak_mib)) + " MiB, target < 1024)"});
    if (peak_mib >= 1024) rows.back().pass = false;
  }

  // ---- labels ----
  std::string events_path = root + "/events.jsonl";
  {
    auto s = taxa::app::Project::Open(project, As("lead"));
    if (!s.ok()) Die(s.status(), "open");
    for (int c = 0; c < 20; ++c) {
      taxa::Status st = app::TaxonomyEdits(**s).Add({.id = "cat" + std::to_string(c),
                                                     .name = "Category " + std::to_string(c),
                                                     .definition = "Benchmark category."});
      if (!st.ok()) Die(st, "add category");
    }
    std::vector<taxa::app::LabelRequest> requests(args.events);
    const char* annotators[] = {"ann1", "ann2", "ann3"};
    char id[32];
    for (size_t i = 0; i < args.events; ++i) {
      std::snprintf(id, sizeof id, "item-%08zu", static_cast<size_t>(rng() % args.items));
      requests[i].item = id;
      requests[i].categories = {"cat" + std::to_string(rng() % 20)};
      requests[i].annotator = annotators[i % 3];
      requests[i].duration_ms = static_cast<uint32_t>(rng() % 20000);
    }
    struct rusage before {}, after {};
    ::getrusage(RUSAGE_SELF, &before);
    auto start = Clock::now();
    // One bulk batch, committed as it is recorded (as a vendor delivery is).
    auto events = app::Labeling(**s).LabelMany(requests, taxa::app::LabelCommit::kNow);
    if (!events.ok()) Die(events.status(), "label");
    double t = Seconds(start);
    ::getrusage(RUSAGE_SELF, &after);
    auto cpu = [](const struct rusage& r) {
      return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
             static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
    };
    char cpu_note[64];
    std::snprintf(cpu_note, sizeof cpu_note, "(CPU %.2f s over all threads)", cpu(after) - cpu(before));
    {
      std::ofstream out(events_path);
      for (const auto& e : *events) out << taxa::core::EncodeEventLine(e) << "\n";
    }
    double zstd = TimeShell("zstd -3 -q -c " + events_path + " > /dev/null");
    rows.push_back({"append+commit " + std::to_string(args.events) + " label events", t,
                    "zstd -3 of the same events", zstd, "< 5 s", t < 5, cpu_note});
  }

  // ---- index rebuild ----
  {
    std::string state = project + "/.git/taxa/";
    for (const char* f : {"index.sqlite", "index.sqlite-wal", "index.sqlite-shm"})
      std::filesystem::remove(state + f);
    auto start = Clock::now();
    auto s = taxa::app::Project::Open(project, As("lead"));
    if (!s.ok()) Die(s.status(), "rebuild");
    double t = Seconds(start);
    // The sqlite3 shell importing the same rows into tables with the same keys.
    std::string events_csv = root + "/events.csv";
    {
      std::ifstream in(events_path);
      std::ofstream out(events_csv);
      out << "id,item,annotator,hlc\n";
      std::string line;
      auto field = [&](const std::string& key) {
        size_t p = line.find("\"" + key + "\":");
        size_t start = p + key.size() + 3;
        if (line[start] == '"')
          return line.substr(start + 1, line.find('"', start + 1) - start - 1);
        return line.substr(start, line.find_first_of(",}", start) - start);
      };
      while (std::getline(in, line))
        out << field("id") << "," << field("item") << "," << field("annotator") << ","
            << field("hlc") << "\n";
    }
    std::string db = root + "/baseline.sqlite";
    std::filesystem::remove(db);
    std::string sql = root + "/baseline.sql";
    {
      std::ofstream out(sql);
      out << "PRAGMA journal_mode=WAL;\n"
             "CREATE TABLE items(id TEXT PRIMARY KEY, text TEXT, lang TEXT);\n"
             "CREATE TABLE events(id TEXT PRIMARY KEY, item TEXT, annotator TEXT, hlc INTEGER) "
             "WITHOUT ROWID;\n"
             ".import --csv --skip 1 "
          << items_csv
          << " items\n"
             ".import --csv --skip 1 "
          << events_csv << " events\n";
    }
    double base = TimeShell("sqlite3 " + db + " < " + sql + " > /dev/null");
    rows.push_back({"index rebuild from scratch", t, "sqlite3 .import of the rows", base, "< 15 s",
                    t < 15, ""});
  }

  // ---- open and first item ----
  {
    auto start = Clock::now();
    auto s = taxa::app::Project::Open(project, As("ann1"));
    if (!s.ok()) Die(s.status(), "open");
    auto first = app::Items(**s).At(0, 1);
    auto next = app::Labeling(**s).NextUnlabeled(-1);
    double t = Seconds(start);
    if (!first.ok() || first->empty()) Die(taxa::Status::Internal("no first item"), "open");
    rows.push_back(
        {"open project, first item ready (session)", t, "", 0, "< 1 s", t < 1, "(data path only)"});

    // ---- label acknowledgement ----
    std::vector<double> ms;
    char id[32];
    for (int i = 0; i < 200; ++i) {
      std::snprintf(id, sizeof id, "item-%08zu", static_cast<size_t>(rng() % args.items));
      auto t0 = Clock::now();
      auto e =
          app::Labeling(**s).Label({.item = id, .categories = {"cat" + std::to_string(i % 20)}});
      ms.push_back(Seconds(t0) * 1000);
      if (!e.ok()) Die(e.status(), "label");
    }
    std::sort(ms.begin(), ms.end());
    double median = ms[ms.size() / 2], p99 = ms[ms.size() * 99 / 100];
    rows.push_back({"label acknowledged (median of 200)", median / 1000, "", 0, "< 5 ms",
                    median < 5, "(p99 " + std::to_string(p99).substr(0, 5) + " ms)"});
    taxa::Status st = (*s)->Flush();
    if (!st.ok()) Die(st, "flush");
  }

  // ---- the GUI: start, open the project, draw the first item, write a PNG ----
  {
    std::string self(4096, '\0');
    ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
    std::string gui = n > 0 ? self.substr(0, self.rfind('/', static_cast<size_t>(n))) + "/taxa-gui"
                            : std::string();
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0' || ::access(gui.c_str(), X_OK) != 0) {
      std::printf("(GUI figure skipped: %s)\n", ::access(gui.c_str(), X_OK) != 0
                                                    ? "taxa-gui not built beside taxa_bench"
                                                    : "no DISPLAY; run under xvfb-run");
    } else {
      std::string png = root + "/first-frame.png";
      double t = TimeShell(gui + " " + project + " --as ann1 --frames 1 --screenshot " + png +
                           " > /dev/null 2>&1");
      rows.push_back({"GUI: start, open, first item drawn", t, "", 0, "< 1 s", t < 1,
                      "(whole process, PNG written after the first frame)"});
    }
  }
}

}  // namespace
}  // namespace taxa::bench

int main(int argc, char** argv) {
  using namespace taxa::bench;
  Args args = ParseArgs(argc, argv);
  std::string root = args.dir;
  if (root.empty()) {
    char templ[] = "/tmp/taxa-bench-XXXXXX";
    root = ::mkdtemp(templ);
  }
  std::filesystem::create_directories(root);
  std::vector<Row> rows;
  if (args.Wants("foundation")) BenchFoundation(args, root, rows);
  if (args.Wants("quality")) BenchQuality(rows, root);
  if (args.Wants("forward")) BenchForward(rows, root);
  if (args.Wants("sync")) BenchSync(args.sync, root, rows);
  if (args.Wants("crash")) BenchCrash(args.crash_trials, root, rows);
  if (args.Wants("web")) BenchWeb(args.web, root, rows);
  if (args.Wants("replay")) BenchReplay(args.replay, root, rows);
  if (args.Wants("labels-import")) BenchLabelsImport(args.label_rows, root, rows);
  if (args.Wants("sampling")) BenchSampling(args.sampling_items, rows);
  if (args.Wants("confident-learning")) BenchConfidentLearning(rows);
  if (args.Wants("actions")) BenchActions(args.actions_items, root, rows);
  if (args.Wants("defects")) BenchDefects(1000000, root, rows);
  Print(rows);
  if (!args.keep && args.dir.empty()) std::filesystem::remove_all(root);
  return 0;
}
