// taxa_bench: the data-action figures (issue 13): confident learning over
// 1,000,000 examples x 10 classes, beside one pass computing each row's argmax
// over the same probabilities (the least any reading of them costs); and
// `taxa actions` over a project (BenchActions, below).
#include <algorithm>
#include <fstream>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "session/items.h"
#include "session/label_import.h"
#include "session/taxonomy_edits.h"
#include "taxa/core/confident_learning.h"
#include "taxa/core/item_import.h"

namespace taxa::bench {

void BenchConfidentLearning(std::vector<Row>& rows) {
  const size_t n = 1000000, k = 10;
  // Each example's true class gets 0.5..1 and the rest share the remainder;
  // 5% of the given labels are moved to the next class.
  std::mt19937_64 rng(17);
  std::vector<uint32_t> given(n);
  std::vector<double> p(n * k);
  for (size_t e = 0; e < n; ++e) {
    const size_t c = rng() % k;
    const double top = 0.5 + static_cast<double>(rng() % 1000) / 2000.0;
    for (size_t j = 0; j < k; ++j) p[e * k + j] = j == c ? top : (1 - top) / (k - 1);
    given[e] = static_cast<uint32_t>(rng() % 20 == 0 ? (c + 1) % k : c);
  }
  auto start = Clock::now();
  size_t checksum = 0;
  for (size_t e = 0; e < n; ++e) {
    const double* row = p.data() + e * k;
    checksum += static_cast<size_t>(std::max_element(row, row + k) - row);
  }
  const double base = Seconds(start);
  start = Clock::now();
  Result<core::ConfidentLearningReport> r = core::FindLabelIssues(given, p, k);
  const double t = Seconds(start);
  if (!r.ok()) Die(r.status(), "confident learning");
  char note[160];
  std::snprintf(note, sizeof note, "(%zu off-diagonal, %zu pruned, %.0f estimated; check %zu)",
                r->off_diagonal.size(), r->pruned_by_noise_rate.size(), r->estimated_errors,
                checksum % 7);
  rows.push_back({"confident learning, 1M examples x 10 classes", t, "argmax pass", base, "< 1 s",
                  t < 1, note});
}

}  // namespace taxa::bench

// `taxa actions` over a project of N items (default 1,000,000), 20
// categories, every item labeled once and one in ten twice more (so the
// agreement and confusion rules run), and a model's predictions with
// probabilities for every item, as a person runs it (the whole process).
// Beside it: `zstd -dc` of the stored predictions file, the least any
// reading of them costs. `taxa predictions import` of the same file is
// timed too.
namespace taxa::bench {

void BenchActions(size_t items, const std::string& root, std::vector<Row>& rows) {
  const std::string dir = root + "/actions";
  const size_t k = 20;
  std::printf("taxa_bench actions: %zu items, %zu categories, in %s\n", items, k, dir.c_str());
  auto cat = [](size_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "c%02zu", c);
    return std::string(buf);
  };
  std::mt19937_64 rng(23);
  std::vector<uint32_t> truth(items), given(items);
  {
    auto p = app::Project::Create(dir, "Actions", As("lead"));
    if (!p.ok()) Die(p.status(), "create");
    for (size_t c = 0; c < k; ++c) {
      Status added = app::TaxonomyEdits(**p).Add(
          {.id = cat(c), .name = "Name " + cat(c), .definition = "Definition."});
      if (!added.ok()) Die(added, "taxonomy");
    }
    std::string lines;
    for (size_t i = 0; i < items; ++i)
      lines += "{\"id\":\"it" + std::to_string(i) + "\",\"text\":\"item " + std::to_string(i) +
               "\",\"meta\":{\"source\":\"s" + std::to_string(i % 7) + "\"}}\n";
    Result<app::ImportReport> imported =
        app::Items(**p).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines);
    if (!imported.ok()) Die(imported.status(), "items");
    // Labels: the truth, with 5% moved to the next category; one item in ten
    // gets two more labels.
    std::string csv;
    for (size_t i = 0; i < items; ++i) {
      truth[i] = static_cast<uint32_t>(rng() % k);
      given[i] = rng() % 20 == 0 ? static_cast<uint32_t>((truth[i] + 1) % k) : truth[i];
      const std::string id = "it" + std::to_string(i);
      csv += id + ",w" + std::to_string(i % 50) + "," + cat(given[i]) + "\n";
      if (i % 10 == 0) {
        csv += id + ",w" + std::to_string((i + 1) % 50) + "," + cat(given[i]) + "\n";
        csv += id + ",w" + std::to_string((i + 2) % 50) + "," +
               cat(rng() % 4 == 0 ? (given[i] + 1) % k : given[i]) + "\n";
      }
    }
    Result<app::LabelImportReport> labeled =
        app::LabelImport(**p).ImportBytes(csv, "labels.csv", {.format = core::LabelFileFormat::kCsv});
    if (!labeled.ok()) Die(labeled.status(), "labels");
  }
  const std::string preds = root + "/predictions.jsonl";
  {
    std::ofstream out(preds, std::ios::binary | std::ios::trunc);
    std::string line;
    char num[32];
    for (size_t i = 0; i < items; ++i) {
      // The true class gets 0.5..1, the rest share the remainder equally.
      const double top = 0.5 + static_cast<double>(rng() % 1000) / 2000.0;
      line = "{\"item\":\"it" + std::to_string(i) + "\",\"category\":\"" + cat(truth[i]) +
             "\",\"probabilities\":{";
      for (size_t c = 0; c < k; ++c) {
        std::snprintf(num, sizeof num, "%.6g", c == truth[i] ? top : (1 - top) / (k - 1));
        line += (c ? ",\"" : "\"") + cat(c) + "\":" + num;
      }
      line += "}}\n";
      out << line;
    }
  }
  const std::string taxa = std::string(TAXA_BINARY_DIR) + "/taxa -C " + dir + " ";
  const double imp = TimeShell(taxa + "predictions import " + preds + " --model m1 > /dev/null");
  const double zstd =
      TimeShell("zstd -dc " + dir + "/predictions/m1/*.jsonl.zst > /dev/null");
  rows.push_back({"predictions import, " + std::to_string(items) + " items x 20 classes", imp,
                  "zstd -dc of the stored file", zstd, "-", true, ""});
  const double t = TimeShell(taxa + "actions --model m1 --by source > " + root + "/actions.txt");
  rows.push_back({"taxa actions, " + std::to_string(items) + " items with predictions", t,
                  "zstd -dc of the stored file", zstd, "< 10 s", t < 10, ""});
}

}  // namespace taxa::bench
