// taxa_bench: labels carried forward (issue 12). export and agree of a
// 1,000,000-item project (3 annotators, 20 categories, as in the quality
// figures) before and after a migration chain of 100 taxonomy changes that
// every label of two categories has to be carried through.
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

#include "bench/bench_support.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/quality_service.h"
#include "session/taxonomy_edits.h"

namespace taxa::bench {

namespace {

constexpr size_t kItems = 1000000, kCategories = 20;
constexpr const char* kNames[] = {"ann1", "ann2", "ann3"};

std::string ItemId(size_t i) {
  char item[32];
  std::snprintf(item, sizeof item, "item-%07zu", i);
  return item;
}

struct Timings {
  double export_s = 1e9, agree_s = 1e9;
  size_t export_bytes = 0;
  double alpha = 0;
};

// Best of three of each: the machine is shared.
Timings Measure(app::Project& p) {
  Timings t;
  for (int k = 0; k < 3; ++k) {
    auto start = Clock::now();
    size_t bytes = 0;
    Status st = app::Items(p).Export([&](std::string_view line) {
      bytes += line.size() + 1;
      return Status::Ok();
    });
    t.export_s = std::min(t.export_s, Seconds(start));
    if (!st.ok()) Die(st, "export");
    t.export_bytes = bytes;
    start = Clock::now();
    auto agreed = app::Quality(p).Agree({});
    t.agree_s = std::min(t.agree_s, Seconds(start));
    if (!agreed.ok() || agreed->empty()) Die(agreed.status(), "agree");
    t.alpha = agreed->front().report.value;
  }
  return t;
}

}  // namespace

void BenchForward(std::vector<Row>& rows, const std::string& root) {
  const std::string dir = root + "/forward-project";
  auto setup = Clock::now();
  {
    auto created = app::Project::Create(dir, "Forward bench", As("lead"));
    if (!created.ok()) Die(created.status(), "create the project");
    app::Project& s = **created;
    for (size_t c = 1; c <= kCategories; ++c) {
      Status st = app::TaxonomyEdits(s).Add({.id = "c" + std::to_string(c),
                                             .name = "Category " + std::to_string(c),
                                             .definition = "Benchmark category."});
      if (!st.ok()) Die(st, "add category");
    }
    std::string lines;
    for (size_t i = 0; i < kItems; ++i) lines += "{\"id\":\"" + ItemId(i) + "\",\"text\":\"text\"}\n";
    if (auto r = app::Items(s).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines);
        !r.ok())
      Die(r.status(), "import");
    std::vector<app::LabelRequest> requests;
    requests.reserve(kItems * 3);
    std::mt19937_64 rng(4);
    for (size_t i = 0; i < kItems; ++i) {
      const uint64_t truth = rng() % kCategories;
      for (const char* a : kNames) {
        if (rng() % 10 == 0) continue;
        const uint64_t v = rng() % 100 < 70 ? truth : rng() % kCategories;
        requests.push_back(
            {.item = ItemId(i), .categories = {"c" + std::to_string(v + 1)}, .annotator = a});
      }
    }
    if (auto e = app::Labeling(s).LabelMany(requests, app::LabelCommit::kNow); !e.ok())
      Die(e.status(), "label");
  }
  std::printf("(forward project: %zu items and their labels set up in %.0f s)\n", kItems,
              Seconds(setup));

  Timings plain;
  {
    auto opened = app::Project::Open(dir, As("lead"));
    if (!opened.ok()) Die(opened.status(), "open");
    plain = Measure(**opened);
  }
  // The chain: c1 merged into k1, k1 into k2, ... k98 into k99 (99 changes),
  // and c2 merged into c3 (the 100th): labels of c1 travel 99 steps, and c2
  // and c3 become one category.
  {
    auto opened = app::Project::Open(dir, As("lead"));
    if (!opened.ok()) Die(opened.status(), "open");
    app::TaxonomyEdits edits(**opened);
    std::string from = "c1";
    for (int k = 1; k <= 99; ++k) {
      const std::string to = "k" + std::to_string(k);
      Status st = edits.Merge({from}, {.id = to, .name = "Chain " + std::to_string(k),
                                       .definition = "Step " + std::to_string(k)});
      if (!st.ok()) Die(st, "chain");
      from = to;
    }
    core::Category c3;
    c3.id = "c3";
    if (Status st = edits.Merge({"c2"}, c3); !st.ok()) Die(st, "merge c2");
  }
  Timings chained;
  {
    auto opened = app::Project::Open(dir, As("lead"));
    if (!opened.ok()) Die(opened.status(), "open");
    chained = Measure(**opened);
  }
  const double export_ratio = chained.export_s / plain.export_s;
  const double agree_ratio = chained.agree_s / plain.agree_s;
  char note[160];
  std::snprintf(note, sizeof note, "(best of 3; %.3fx, %zu -> %zu bytes written)", export_ratio,
                plain.export_bytes, chained.export_bytes);
  rows.push_back({"export, 1M items, after a 100-change chain", chained.export_s,
                  "export before the chain", plain.export_s, "< 1.10x", export_ratio < 1.10, note});
  std::snprintf(note, sizeof note, "(best of 3; %.3fx; alpha %.4f -> %.4f)", agree_ratio,
                plain.alpha, chained.alpha);
  rows.push_back({"agree (alpha), 1M items, after the chain", chained.agree_s,
                  "agree before the chain", plain.agree_s, "< 1.10x", agree_ratio < 1.10, note});
}

}  // namespace taxa::bench
