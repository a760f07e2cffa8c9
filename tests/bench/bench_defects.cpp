// taxa_bench --only defects: the defect report by category, annotator and
// vendor over 1,000,000 reviewed labels (issue 13: under 1 s).
//
// The project: 100,000 items, 2,000 annotators in 20 vendors, 20
// categories; 1,000,000 label events (each item labeled by ten annotators)
// and one review of each, 30% defects with one or two of 10 error types,
// written straight into labels/ and reviews/ segments (not timed).
//
// Figures, each the best of three, beside baselines measured in the same run:
//  - core: core::BuildDefectReport over the reviews in memory with their
//    context, beside one hash-map pass that counts defects per annotator
//    (the least any such report does); the same over facts (the reviews as
//    numbers, as the index hands them) as a note;
//  - session: DefectReports::Report from an open project (the reviews and
//    the labels they judged read from the index, releases resolved,
//    counted), beside the same report read from the review and label
//    segments (`from_segments`, how it was read before the index kept
//    reviews); ReadReviews (decoding the review segments) alone as a note;
//  - the whole `taxa quality report --by category,annotator,vendor`, a
//    process of its own, beside `zstd -dc` of the same segments.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/bench_support.h"
#include "session/defect_report.h"
#include "session/internal/project_state.h"
#include "session/internal/review_log.h"
#include "session/items.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"

#include "taxa/core/defect_report.h"
#include "taxa/core/hlc.h"
#include "taxa/core/index.h"
#include "taxa/core/item_import.h"
#include "taxa/core/shard.h"

namespace taxa::bench {

void BenchDefects(size_t reviewed, const std::string& root, std::vector<Row>& rows) {
  const std::string dir = root + "/defects";
  const size_t items = std::max<size_t>(1, reviewed / 10), annotators = 2000;
  std::printf("taxa_bench defects: %zu reviewed labels over %zu items, in %s\n", reviewed, items,
              dir.c_str());
  std::vector<std::string> cats;
  for (int c = 0; c < 20; ++c) cats.push_back("cat" + std::to_string(c));
  {
    auto p = app::Project::Create(dir, "Defects", As("lead"));
    if (!p.ok()) Die(p.status(), "create");
    for (const std::string& id : cats) {
      Status added = app::TaxonomyEdits(**p).Add({.id = id, .name = "Name " + id});
      if (!added.ok()) Die(added, "taxonomy");
    }
    std::string lines;
    for (size_t i = 0; i < items; ++i)
      lines += "{\"id\":\"it" + std::to_string(i) + "\",\"text\":\"item\"}\n";
    Result<app::ImportReport> imported =
        app::Items(**p).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines);
    if (!imported.ok()) Die(imported.status(), "items");
    // Vendors: v<k> holds annotators w<j> with j % 20 == k.
    core::ProjectSettings settings = (*p)->state().settings();
    for (size_t a = 0; a < annotators; ++a)
      settings.vendors["v" + std::to_string(a % 20)].insert("w" + std::to_string(a));
    Status vs = (*p)->state().CommitFiles(
        {{std::string(core::kSettingsPath), core::EncodeSettings(settings)}},
        (*p)->state().Meta("vendors", {{"Taxa-Action", "bench"}}));
    if (!vs.ok()) Die(vs, "vendors");
    const std::string tree = (*p)->state().taxonomy_version();

    std::mt19937_64 rng(13);
    std::map<std::string, std::vector<std::string>> label_lines, review_lines;
    const uint64_t start = 1796115600000;  // 2026-12-01
    const char* errors[] = {"wrong-category", "missed-attribute", "guideline-ambiguous",
                            "item-unusable",  "typo",             "late",
                            "duplicate",      "offensive",        "off-topic",
                            "other"};
    for (size_t i = 0; i < reviewed; ++i) {
      const size_t item = i % items, k = i / items;
      const size_t a = (item * 7 + k * 131) % annotators;
      core::LabelEvent e;
      e.item = "it" + std::to_string(item);
      e.annotator = "w" + std::to_string(a);
      e.device = "dev1";
      e.hlc = core::HybridClock::Make(start + i, 0);
      e.taxonomy = tree;
      e.categories = {cats[rng() % cats.size()]};
      e.duration_ms = static_cast<uint32_t>(rng() % 120000);
      std::string line = core::SealEvent(e);
      label_lines["labels/" + e.annotator + "/dev1/00000001.jsonl.zst"].push_back(line);
      core::ReviewEvent r;
      r.item = e.item;
      r.annotator = e.annotator;
      r.label = e.id;
      const size_t reviewer = i % 16;
      r.reviewer = "rev" + std::to_string(reviewer);
      r.device = "dev1";
      r.hlc = core::HybridClock::Make(start + 86'400'000 * (i % 28) + i, 0);
      const uint64_t roll = rng() % 100;
      if (roll < 30) {
        r.verdict = roll < 10 ? core::ReviewVerdict::kCorrect : core::ReviewVerdict::kReject;
        if (r.verdict == core::ReviewVerdict::kCorrect) r.categories = {cats[rng() % cats.size()]};
        r.errors = {errors[rng() % 10]};
        if (rng() % 3 == 0) r.errors.push_back(errors[rng() % 10]);
        if (r.errors.size() == 2 && r.errors[0] == r.errors[1]) r.errors.pop_back();
        r.rule = e.categories[0] + "/exclude/" + std::to_string(rng() % 3 + 1);
      }
      auto& segs = review_lines["reviews/rev" + std::to_string(reviewer) + "/dev1/"];
      segs.push_back(core::SealReview(r));
    }
    std::vector<sync::FileWrite> files;
    for (auto& [path, lines] : label_lines) {
      std::sort(lines.begin(), lines.end());
      std::string text;
      for (const std::string& l : lines) text += l + "\n";
      files.push_back({path, core::CompressFrame(text)});
    }
    for (auto& [folder, lines] : review_lines)
      for (size_t from = 0, seq = 1; from < lines.size(); from += 65536, ++seq) {
        std::string text;
        for (size_t j = from; j < std::min(lines.size(), from + 65536); ++j) text += lines[j] + "\n";
        char name[32];
        std::snprintf(name, sizeof name, "%08zu.jsonl.zst", seq);
        files.push_back({folder + name, core::CompressFrame(text)});
      }
    // The same bytes on disk, for the zstd baseline.
    {
      std::ofstream out(root + "/defects-segments.zst", std::ios::binary | std::ios::trunc);
      for (const sync::FileWrite& f : files) out << *f.bytes;
    }
    Status committed =
        (*p)->state().CommitFiles(files, (*p)->state().Meta("events", {{"Taxa-Action", "bench"}}));
    if (!committed.ok()) Die(committed, "commit events");
  }

  auto p = app::Project::Open(dir, As("lead"));
  if (!p.ok()) Die(p.status(), "open");
  // ---- core ----
  Result<std::vector<core::ReviewEvent>> reviews = app::ReadReviews((*p)->state());
  if (!reviews.ok()) Die(reviews.status(), "read reviews");
  std::vector<core::ReviewContext> context(reviews->size());
  for (size_t i = 0; i < reviews->size(); ++i) {
    const core::ReviewEvent& r = (*reviews)[i];
    context[i].categories = {cats[std::hash<std::string>()(r.label) % cats.size()]};
    context[i].vendor = "v" + std::to_string(std::stoul(r.annotator.substr(1)) % 20);
  }
  core::DefectReportOptions options;
  options.by = {core::DefectDimension::kCategory, core::DefectDimension::kAnnotator,
                core::DefectDimension::kVendor};
  // The same reviews as facts, as the index reads them, with their vendors.
  Result<core::IndexedReviews> indexed = (*p)->state().index().ReadReviewFacts();
  if (!indexed.ok()) Die(indexed.status(), "read review facts");
  core::DefectFacts& facts = indexed->facts;
  {
    std::map<std::string, uint32_t> vendor_name;
    for (core::DefectFacts::Review& r : facts.reviews) {
      if (core::IsLotDecision(r.verdict)) continue;
      const std::string vendor =
          "v" + std::to_string(std::stoul(facts.names[r.annotator].substr(1)) % 20);
      auto [it, added] = vendor_name.try_emplace(vendor, facts.names.size());
      if (added) facts.names.push_back(vendor);
      r.vendor = it->second;
    }
  }
  double core_best = 1e9, plain_best = 1e9, facts_best = 1e9;
  for (int round = 0; round < 3; ++round) {
    auto t0 = Clock::now();
    Result<core::DefectReport> r = core::BuildDefectReport(*reviews, context, options);
    core_best = std::min(core_best, Seconds(t0));
    if (!r.ok()) Die(r.status(), "core report");
    if (r->overall.reviewed != reviewed) {
      std::fprintf(stderr, "taxa_bench: defects: %llu reviewed, want %zu\n",
                   static_cast<unsigned long long>(r->overall.reviewed), reviewed);
      std::exit(1);
    }
    t0 = Clock::now();
    std::unordered_map<std::string, std::pair<uint64_t, uint64_t>> plain;
    for (const core::ReviewEvent& e : *reviews) {
      auto& c = plain[e.annotator];
      ++c.first;
      c.second += core::IsDefect(e.verdict);
    }
    plain_best = std::min(plain_best, Seconds(t0));
    t0 = Clock::now();
    Result<core::DefectReport> f = core::BuildDefectReport(facts, options);
    facts_best = std::min(facts_best, Seconds(t0));
    if (!f.ok()) Die(f.status(), "core report over facts");
    if (f->overall.reviewed != r->overall.reviewed || f->overall.defects != r->overall.defects) {
      std::fprintf(stderr, "taxa_bench: defects: the facts and the events disagree\n");
      std::exit(1);
    }
  }
  rows.push_back({"defect report (core), " + std::to_string(reviewed) + " reviews, 3 breakdowns",
                  core_best, "one hash-map pass per annotator", plain_best, "< 1 s",
                  core_best < 1,
                  "over facts " + std::to_string(facts_best).substr(0, 5) + " s"});
  // ---- session ----
  // The report read through the index, beside the same report read from
  // the segments (the way it was read before the index kept reviews).
  double read_best = 1e9, session_best = 1e9, segments_best = 1e9;
  for (int round = 0; round < 3; ++round) {
    auto t0 = Clock::now();
    Result<std::vector<core::ReviewEvent>> again = app::ReadReviews((*p)->state());
    read_best = std::min(read_best, Seconds(t0));
    if (!again.ok()) Die(again.status(), "read reviews");
    app::DefectReportRequest request;
    request.by = options.by;
    t0 = Clock::now();
    Result<app::DefectAnalysis> a = app::DefectReports(**p).Report(request);
    session_best = std::min(session_best, Seconds(t0));
    if (!a.ok()) Die(a.status(), "session report");
    request.from_segments = true;
    t0 = Clock::now();
    Result<app::DefectAnalysis> b = app::DefectReports(**p).Report(request);
    segments_best = std::min(segments_best, Seconds(t0));
    if (!b.ok()) Die(b.status(), "session report from the segments");
    if (a->unknown_labels != 0 || b->unknown_labels != 0) {
      std::fprintf(stderr, "taxa_bench: defects: %zu and %zu unknown labels\n", a->unknown_labels,
                   b->unknown_labels);
      std::exit(1);
    }
    if (a->report.overall.reviewed != b->report.overall.reviewed ||
        a->report.overall.defects != b->report.overall.defects ||
        a->report.breakdowns.size() != b->report.breakdowns.size()) {
      std::fprintf(stderr, "taxa_bench: defects: the index and the segments disagree\n");
      std::exit(1);
    }
    for (size_t d = 0; d < a->report.breakdowns.size(); ++d)
      for (size_t r = 0; r < a->report.breakdowns[d].rows.size(); ++r)
        if (a->report.breakdowns[d].rows[r].defects != b->report.breakdowns[d].rows[r].defects ||
            a->report.breakdowns[d].rows[r].reviewed != b->report.breakdowns[d].rows[r].reviewed) {
          std::fprintf(stderr, "taxa_bench: defects: the index and the segments disagree\n");
          std::exit(1);
        }
  }
  rows.push_back({"quality report (session, from an open project)", session_best,
                  "the same from the segments", segments_best, "< 1 s", session_best < 1,
                  "ReadReviews alone " + std::to_string(read_best).substr(0, 5) + " s"});
  // The whole command, a process of its own (opening the project included);
  // TAXA_BENCH_NO_CLI=1 leaves it out (a build without the taxa binary).
  if (std::getenv("TAXA_BENCH_NO_CLI") != nullptr) return;
  const std::string taxa = std::string(TAXA_BINARY_DIR) + "/taxa -C " + dir + " ";
  const std::string command = taxa + "quality report --by category,annotator,vendor > /dev/null";
  (void)TimeShell(command);  // warm the page cache
  double cli_best = 1e9;
  for (int round = 0; round < 3; ++round) cli_best = std::min(cli_best, TimeShell(command));
  const double zstd = TimeShell("zstd -dcq " + root + "/defects-segments.zst > /dev/null");
  rows.push_back({"taxa quality report --by category,annotator,vendor", cli_best,
                  "zstd -dc of the same segments", zstd, "< 1 s", cli_best < 1, ""});
}

}  // namespace taxa::bench
