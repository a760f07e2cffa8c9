// taxa_bench: the quality figures (issue 4).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "bench/bench_support.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/quality_service.h"
#include "session/taxonomy_edits.h"

#include "taxa/core/aggregation.h"
#include "taxa/core/agreement.h"

namespace taxa::bench {

namespace {

// ---- quality statistics (issue 4) ----
// The reliability data every quality figure uses: 1,000,000 items x 3
// annotators x 20 categories with 10% of the ratings missing; each rating
// follows the item's truth 70% of the time. Calls fn(item index, annotator,
// category 1..20) for each rating, the same ones on every call.
constexpr size_t kQualityItems = 1000000, kAnnotators = 3, kCategories = 20;
constexpr const char* kAnnotatorNames[kAnnotators] = {"ann1", "ann2", "ann3"};

template <typename Fn>
void ForEachRating(Fn&& fn) {
  std::mt19937_64 rng(4);
  for (size_t i = 0; i < kQualityItems; ++i) {
    const uint64_t truth = rng() % kCategories;
    for (const char* a : kAnnotatorNames) {
      if (rng() % 10 == 0) continue;  // 10% missing
      const uint64_t v = rng() % 100 < 70 ? truth : rng() % kCategories;
      fn(i, a, v + 1);
    }
  }
}

std::string ItemId(size_t i) {
  char item[32];
  std::snprintf(item, sizeof item, "item-%07zu", i);
  return item;
}

// Krippendorff's alpha (nominal, interval), its bootstrap, majority vote and
// Dawid-Skene on the data above and, as the baseline, NLTK's AnnotationTask
// alpha on a 100,000-item subset (run by /usr/bin/python3; its time covers
// building the task and alpha, not reading the file). Appends its rows;
// writes the subset's TSV under `root`. Needs no project. Returns the
// nominal alpha of the whole data.
double BenchQualityStatistics(std::vector<Row>& rows, const std::string& root) {
  constexpr size_t kSubset = 100000;
  taxa::core::RatingsBuilder all, subset;
  all.Reserve(kQualityItems, kQualityItems * kAnnotators);
  std::string tsv_path = root + "/quality-subset.tsv";
  {
    std::ofstream tsv(tsv_path);
    ForEachRating([&](size_t i, const char* a, uint64_t category) {
      const std::string item = ItemId(i);
      const std::string value = std::to_string(category);  // numeric text: interval works too
      taxa::Status st = all.AddCategory(item, a, value);
      if (st.ok() && i < kSubset) {
        st = subset.AddCategory(item, a, value);
        tsv << item << '\t' << a << '\t' << value << '\n';
      }
      if (!st.ok()) Die(st, "quality data");
    });
  }
  auto built = std::move(all).Build();
  if (!built.ok()) Die(built.status(), "quality data");
  const taxa::core::Ratings& ratings = *built;
  auto subset_start = Clock::now();
  auto small = std::move(subset).Build();
  const double subset_build = Seconds(subset_start);
  if (!small.ok()) Die(small.status(), "quality subset");

  // Best of three for the millisecond figures: the machine is shared.
  auto best_alpha = [](const taxa::core::Ratings& r, taxa::core::AlphaMetric metric,
                       double* value) {
    double best = 1e9;
    for (int k = 0; k < 3; ++k) {
      auto start = Clock::now();
      auto a = taxa::core::KrippendorffAlpha(r, {.metric = metric});
      best = std::min(best, Seconds(start));
      if (!a.ok()) Die(a.status(), "alpha");
      *value = a->value;
    }
    return best;
  };
  double alpha = 0;
  const std::string shape = "1M items x 3 x 20 categories";
  double t = best_alpha(ratings, taxa::core::AlphaMetric::kNominal, &alpha);
  const double whole_alpha = alpha;
  rows.push_back({"alpha nominal, " + shape, t, "", 0, "< 20 ms", t < 0.02,
                  "(best of 3, alpha " + std::to_string(alpha) + ")"});
  t = best_alpha(ratings, taxa::core::AlphaMetric::kInterval, &alpha);
  rows.push_back({"alpha interval, same data", t, "", 0, "< 20 ms", t < 0.02, "(best of 3)"});
  {
    auto start = Clock::now();
    auto ci = taxa::core::BootstrapAlpha(ratings, {}, {.resamples = 1000});
    t = Seconds(start);
    if (!ci.ok()) Die(ci.status(), "bootstrap");
    rows.push_back({"alpha bootstrap, 1000 resamples", t, "", 0, "< 5 s", t < 5,
                    "(95% [" + std::to_string(ci->lo) + ", " + std::to_string(ci->hi) + "])"});
  }
  {
    auto start = Clock::now();
    auto mv = taxa::core::MajorityVote(ratings);
    t = Seconds(start);
    if (!mv.ok()) Die(mv.status(), "majority vote");
    rows.push_back({"majority vote, same data", t, "", 0, "-", true,
                    "(" + std::to_string(mv->ties) + " ties reported)"});
  }
  {
    auto start = Clock::now();
    auto ds = taxa::core::DawidSkene(ratings);
    t = Seconds(start);
    if (!ds.ok()) Die(ds.status(), "Dawid-Skene");
    rows.push_back({"Dawid-Skene EM, same data", t, "", 0, "< 5 s", t < 5,
                    "(" + std::to_string(ds->iterations) + " iterations, " +
                        (ds->converged ? "converged" : "NOT converged") + ")"});
  }

  // The baseline: NLTK on the subset, against our alpha on the same subset.
  double ours = best_alpha(*small, taxa::core::AlphaMetric::kNominal, &alpha);
  const std::string script = root + "/quality-nltk.py";
  {
    std::ofstream py(script);
    py << "import sys, time\n"
          "from nltk.metrics.agreement import AnnotationTask\n"
          "rows = [l.rstrip('\\n').split('\\t') for l in open(sys.argv[1])]\n"
          "data = [(c, i, v) for i, c, v in rows]\n"
          "start = time.perf_counter()\n"
          "alpha = AnnotationTask(data).alpha()\n"
          "print(time.perf_counter() - start, repr(alpha))\n";
  }
  FILE* pipe = ::popen(("/usr/bin/python3 " + script + " " + tsv_path + " 2>&1").c_str(), "r");
  double nltk_seconds = 0, nltk_alpha = 0;
  const bool ran = pipe != nullptr && std::fscanf(pipe, "%lf %lf", &nltk_seconds, &nltk_alpha) == 2;
  if (pipe != nullptr) ::pclose(pipe);
  if (!ran) {
    std::printf("(NLTK baseline skipped: /usr/bin/python3 with nltk did not run %s)\n",
                script.c_str());
    return whole_alpha;
  }
  const double ratio = nltk_seconds / ours;
  char difference[32];
  std::snprintf(difference, sizeof difference, "%.1e", std::fabs(alpha - nltk_alpha));
  rows.push_back({"alpha nominal, 100k-item subset", ours, "NLTK AnnotationTask.alpha",
                  nltk_seconds, "> 500x", ratio > 500 && std::fabs(alpha - nltk_alpha) < 1e-9,
                  "(NLTK " + std::to_string(static_cast<long>(ratio)) + "x slower; " +
                      std::to_string(static_cast<long>(nltk_seconds / (ours + subset_build))) +
                      "x counting our interning; alphas differ by " + difference + ")"});
  return whole_alpha;
}

// The same ratings as the current labels of a project (categories c1..c20,
// one million items, three annotators): alpha through Quality::Agree,
// which reads them from the project's index, timed in a freshly opened
// session (best of three). Its value must equal `expected`, the alpha of the
// same data held in memory.
void BenchQualityInProject(std::vector<Row>& rows, const std::string& root, double expected) {
  const std::string dir = root + "/quality-project";
  auto setup = Clock::now();
  size_t labels = 0;
  {
    auto created = app::Project::Create(dir, "Quality bench", As("lead"));
    if (!created.ok()) Die(created.status(), "create the quality project");
    app::Project& s = **created;
    for (size_t c = 1; c <= kCategories; ++c) {
      taxa::Status st = app::TaxonomyEdits(s).Add({.id = "c" + std::to_string(c),
                                                   .name = "Category " + std::to_string(c),
                                                   .definition = "Benchmark category."});
      if (!st.ok()) Die(st, "add category");
    }
    std::string lines;
    for (size_t i = 0; i < kQualityItems; ++i)
      lines += "{\"id\":\"" + ItemId(i) + "\",\"text\":\"text\"}\n";
    if (auto r = app::Items(s).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines);
        !r.ok())
      Die(r.status(), "import");
    std::vector<app::LabelRequest> requests;
    requests.reserve(kQualityItems * kAnnotators);
    ForEachRating([&](size_t i, const char* a, uint64_t category) {
      requests.push_back(
          {.item = ItemId(i), .categories = {"c" + std::to_string(category)}, .annotator = a});
    });
    labels = requests.size();
    if (auto e = app::Labeling(s).LabelMany(requests, app::LabelCommit::kNow); !e.ok())
      Die(e.status(), "label");
  }
  std::printf("(quality project: %zu items and their labels set up in %.0f s)\n", kQualityItems,
              Seconds(setup));
  auto opened = app::Project::Open(dir, As("lead"));
  if (!opened.ok()) Die(opened.status(), "open the quality project");
  double best = 1e9, value = 0;
  for (int k = 0; k < 3; ++k) {
    auto start = Clock::now();
    auto agreed = app::Quality(**opened).Agree({});  // alpha, nominal, overall
    best = std::min(best, Seconds(start));
    if (!agreed.ok()) Die(agreed.status(), "agree in the project");
    if (agreed->empty() || !agreed->front().error.empty())
      Die(Status::Internal("no overall row"), "agree in the project");
    value = agreed->front().report.value;
  }
  char difference[32];
  std::snprintf(difference, sizeof difference, "%.1e", std::fabs(value - expected));
  rows.push_back({"alpha nominal from the project's index, same data", best, "", 0, "< 1 s",
                  best < 1 && std::fabs(value - expected) < 1e-12,
                  "(best of 3, " + std::to_string(labels) +
                      " labels read; differs from the in-memory alpha by " + difference + ")"});
  // The Quality window's whole overview (alpha with its interval, every
  // category one-vs-rest, every pair, annotators against consensus and gold,
  // rounds) from one reading of the labels.
  double overview_best = 1e9;
  size_t breakdowns = 0;
  for (int k = 0; k < 3; ++k) {
    auto start = Clock::now();
    auto overview = app::Quality(**opened).Overview();
    overview_best = std::min(overview_best, Seconds(start));
    if (!overview.ok()) Die(overview.status(), "quality overview");
    if (!overview->overall || !overview->breakdown_error.empty() ||
        !overview->standings_error.empty())
      Die(Status::Internal("overview incomplete: " + overview->overall_error +
                           overview->breakdown_error + overview->standings_error),
          "quality overview");
    breakdowns = 1 + overview->per_category.size() + overview->pairs.size();
  }
  // Its baseline is the row above: one reading of the labels and one alpha.
  rows.push_back({"quality overview from the index, same data", overview_best,
                  "the alpha row above (read + alpha)", best, "< 1 s",
                  overview_best < 1,
                  "(best of 3; alpha with a 95% interval and " + std::to_string(breakdowns - 1) +
                      " breakdown rows, standings)"});
}

}  // namespace

void BenchQuality(std::vector<Row>& rows, const std::string& root) {
  const double alpha = BenchQualityStatistics(rows, root);
  BenchQualityInProject(rows, root, alpha);
}

}  // namespace taxa::bench
