// Label import figure: `taxa labels import` of a CSV of N label rows
// (default 1,000,000: 100,000 items, 2,000 annotators, dated within a week
// after the items' import, with seconds spent) into a project that holds the
// items, as a person runs it (the whole process), beside `zstd -3` of the
// same file in the same run. Then the same file again: nothing new, no
// commit. Then `taxa vendors report` over what it brought (every label's
// turnaround measured).
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "session/items.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"

#include "taxa/core/file_stamp.h"
#include "taxa/core/item_import.h"

namespace taxa::bench {

void BenchLabelsImport(size_t label_rows, const std::string& root, std::vector<Row>& rows) {
  const std::string dir = root + "/labels-import";
  const size_t items = std::max<size_t>(1, label_rows / 10);
  const size_t annotators = 2000;
  int64_t arrival = 0;  // the items' batch stamp
  std::printf("taxa_bench labels-import: %zu label rows over %zu items, in %s\n", label_rows,
              items, dir.c_str());
  {
    auto p = app::Project::Create(dir, "Crowd", As("lead"));
    if (!p.ok()) Die(p.status(), "create");
    for (const char* id : {"billing", "refund", "shipping", "tech", "other"}) {
      Status added = app::TaxonomyEdits(**p).Add(
          {.id = id, .name = std::string("Name ") + id, .definition = "Definition."});
      if (!added.ok()) Die(added, "taxonomy");
    }
    std::string lines;
    for (size_t i = 0; i < items; ++i)
      lines += "{\"id\":\"it" + std::to_string(i) + "\",\"text\":\"item " + std::to_string(i) +
               "\"}\n";
    Result<app::ImportReport> imported =
        app::Items(**p).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines);
    if (!imported.ok()) Die(imported.status(), "items");
    arrival = *core::ItemBatchArrival("items/" + imported->batch + "/00000.jsonl.zst");
  }
  const std::string csv = root + "/labels.csv";
  {
    std::mt19937_64 rng(7);
    const char* cats[] = {"billing", "refund", "shipping", "tech", "other", "billing;refund"};
    std::ofstream out(csv, std::ios::binary | std::ios::trunc);
    std::string row;
    for (size_t i = 0; i < label_rows; ++i) {
      // Each item labeled by ten distinct annotators.
      const size_t item = i % items, k = i / items;
      const size_t annotator = (item * 7 + k * 131) % annotators;
      const uint64_t time = static_cast<uint64_t>(arrival) + rng() % (7 * 86400);
      row = "it" + std::to_string(item) + ",w" + std::to_string(annotator) + "," +
            cats[rng() % 6] + "," + std::to_string(time) + "," + std::to_string(rng() % 120) +
            "." + std::to_string(rng() % 10) + "\n";
      out << row;
    }
  }
  const std::string taxa = std::string(TAXA_BINARY_DIR) + "/taxa -C " + dir + " ";
  const double zstd = TimeShell("zstd -3 -q -f " + csv + " -o " + csv + ".zst");
  const double t = TimeShell(taxa + "labels import " + csv + " > /dev/null");
  rows.push_back({"labels import, " + std::to_string(label_rows) + " CSV rows", t,
                  "zstd -3 of the same file", zstd, "< 5 s", t < 5, ""});
  const double again = TimeShell(taxa + "labels import " + csv + " > /dev/null");
  rows.push_back({"labels import again (0 new, no commit)", again, "zstd -3 of the same file", zstd,
                  "-", true, ""});
  const double vendors = TimeShell(taxa + "vendors report > /dev/null");
  rows.push_back({"taxa vendors report, " + std::to_string(label_rows) + " labels", vendors,
                  "zstd -3 of the same file", zstd, "-", true, "turnaround of every label"});
}

}  // namespace taxa::bench
