#include "taxa/core/confusion.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "support/ratings_checks.h"
#include "support/status_matchers.h"

namespace taxa::core {
namespace {

using taxa::testing::Categories;
using taxa::testing::Fails;
using taxa::testing::kReadTsv;
using taxa::testing::MissingPython;
using taxa::testing::RunPython;
using taxa::testing::Triple;
using taxa::testing::Tsv;

ConfusionReport Build(const std::vector<LabelPair>& pairs, const ConfusionOptions& options = {}) {
  Result<ConfusionReport> r = BuildConfusion(pairs, options);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : ConfusionReport{};
}

// Truth a a a b b c, predicted a a b b c c: by hand, tp a 2, b 1, c 1.
// a: P 2/2, R 2/3; b: P 1/2, R 1/2; c: P 1/2, R 1/1; accuracy 4/6.
TEST(Confusion, SmallExampleWorkedByHand) {
  const ConfusionReport r = Build({{"1", "a", "a"}, {"2", "a", "a"}, {"3", "a", "b"},
                                   {"4", "b", "b"}, {"5", "b", "c"}, {"6", "c", "c"}});
  ASSERT_EQ(r.categories, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(r.counts, (std::vector<uint64_t>{2, 1, 0, 0, 1, 1, 0, 0, 1}));
  EXPECT_EQ(r.Count(0, 1), 1u);
  EXPECT_DOUBLE_EQ(r.accuracy, 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(r.per_category[0].precision, 1.0);
  EXPECT_DOUBLE_EQ(r.per_category[0].recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.per_category[0].f1, 0.8);
  EXPECT_DOUBLE_EQ(r.per_category[2].precision, 0.5);
  EXPECT_DOUBLE_EQ(r.per_category[2].f1, 2.0 / 3.0);
  EXPECT_EQ(r.per_category[0].support, 3u);
  EXPECT_EQ(r.per_category[1].predicted, 2u);
  EXPECT_DOUBLE_EQ(r.macro.recall, (2.0 / 3.0 + 0.5 + 1.0) / 3.0);
  EXPECT_DOUBLE_EQ(r.weighted.recall, (3 * 2.0 / 3.0 + 2 * 0.5 + 1 * 1.0) / 6.0);
  EXPECT_TRUE(r.notes.empty());
}

TEST(Confusion, ZeroDivisionsGiveZeroWithANoteNeverNan) {
  // "x" is predicted but never true; "y" is true but never predicted; "z" is
  // listed but absent.
  const ConfusionReport r = Build({{"1", "a", "x"}, {"2", "y", "a"}, {"3", "a", "a"}},
                                  {.categories = {"a", "x", "y", "z"}});
  const CategoryScores& x = r.per_category[1];
  const CategoryScores& y = r.per_category[2];
  const CategoryScores& z = r.per_category[3];
  EXPECT_EQ(x.recall, 0);
  EXPECT_EQ(y.precision, 0);
  EXPECT_EQ(z.f1, 0);
  EXPECT_EQ(z.precision, 0);
  auto noted = [&](const std::string& fragment) {
    for (const std::string& n : r.notes)
      if (n.find(fragment) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(noted("recall of \"x\" is 0")) << ::testing::PrintToString(r.notes);
  EXPECT_TRUE(noted("precision of \"y\" is 0: never predicted"));
  EXPECT_TRUE(noted("F1 of \"z\" is 0"));
  EXPECT_DOUBLE_EQ(r.macro.precision, 0.5 / 4);
}

// Random labels over `k` categories c0..c<k-1>: c0 is never the truth and the
// last is never predicted, so sklearn's zero_division path runs.
std::vector<Triple> RandomPairs(uint32_t seed, int n, int k) {
  std::mt19937 rng(seed);
  std::vector<Triple> out;
  for (int i = 0; i < n; ++i) {
    const int truth = 1 + static_cast<int>(rng() % (k - 1));  // never c0
    int predicted = rng() % 3 ? truth : static_cast<int>(rng() % k);
    if (predicted == k - 1) predicted = 0;  // never the last category
    out.push_back({"i" + std::to_string(i), "c" + std::to_string(truth),
                   "c" + std::to_string(predicted)});
  }
  return out;
}

TEST(Confusion, MatchesScikitLearnOnRandomLabels) {
  const std::string missing = MissingPython("sklearn");
  if (!missing.empty()) GTEST_SKIP() << missing;
  // Rows of data.tsv are item, truth, predicted; argv[2] the label order or "-".
  const std::string script = std::string(kReadTsv) + R"(
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support
y_true = [t for _, t, _ in rows]
y_pred = [p for _, _, p in rows]
labels = sorted(set(y_true) | set(y_pred)) if sys.argv[2] == '-' else sys.argv[2].split(',')
cm = confusion_matrix(y_true, y_pred, labels=labels)
for a in range(len(labels)):
    for b in range(len(labels)):
        print('cm_%d_%d' % (a, b), cm[a][b])
p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
for k in range(len(labels)):
    print('p_%d' % k, repr(p[k]), 'r_%d' % k, repr(r[k]), 'f_%d' % k, repr(f[k]), 's_%d' % k, s[k])
for avg in ('macro', 'weighted'):
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=avg,
                                                 zero_division=0)
    print(avg + '_p', repr(p), avg + '_r', repr(r), avg + '_f', repr(f))
print('accuracy', repr(accuracy_score(y_true, y_pred)))
)";
  struct Case {
    uint32_t seed;
    int n, k;
    std::vector<std::string> order;  // empty: sorted
  };
  const std::vector<Case> cases = {
      {1, 200, 5, {}},
      {2, 1000, 12, {}},
      {3, 300, 6, {"c5", "c3", "c1", "c0", "c4", "c2", "absent"}},
  };
  for (const Case& c : cases) {
    const std::vector<Triple> data = RandomPairs(c.seed, c.n, c.k);
    std::vector<LabelPair> pairs;
    for (const Triple& t : data) pairs.push_back({t.item, t.annotator, t.value});
    const ConfusionReport r = Build(pairs, {.categories = c.order});
    std::string order_arg = "-";
    if (!c.order.empty()) {
      order_arg.clear();
      for (const std::string& o : c.order) order_arg += (order_arg.empty() ? "" : ",") + o;
    }
    // RunPython passes data.tsv as argv[1]; the order rides after it.
    std::map<std::string, double> want =
        RunPython(std::string("import sys\nsys.argv.append('") + order_arg + "')\n" + script,
                  Tsv(data));
    const size_t k = r.CategoryCount();
    ASSERT_EQ(want.size(), k * k + 4 * k + 7) << "seed " << c.seed;
    for (size_t a = 0; a < k; ++a)
      for (size_t b = 0; b < k; ++b)
        EXPECT_EQ(static_cast<double>(r.Count(a, b)),
                  want["cm_" + std::to_string(a) + "_" + std::to_string(b)]);
    for (size_t j = 0; j < k; ++j) {
      const std::string s = std::to_string(j);
      const CategoryScores& got = r.per_category[j];
      EXPECT_NEAR(got.precision, want["p_" + s], 1e-12) << got.category;
      EXPECT_NEAR(got.recall, want["r_" + s], 1e-12) << got.category;
      EXPECT_NEAR(got.f1, want["f_" + s], 1e-12) << got.category;
      EXPECT_EQ(static_cast<double>(got.support), want["s_" + s]) << got.category;
    }
    EXPECT_NEAR(r.macro.precision, want["macro_p"], 1e-12);
    EXPECT_NEAR(r.macro.recall, want["macro_r"], 1e-12);
    EXPECT_NEAR(r.macro.f1, want["macro_f"], 1e-12);
    EXPECT_NEAR(r.weighted.precision, want["weighted_p"], 1e-12);
    EXPECT_NEAR(r.weighted.recall, want["weighted_r"], 1e-12);
    EXPECT_NEAR(r.weighted.f1, want["weighted_f"], 1e-12);
    EXPECT_NEAR(r.accuracy, want["accuracy"], 1e-12);
  }
}

TEST(Confusion, MostConfusedPairsRankTheSymmetrisedCounts) {
  // a->b twice and b->a once (3), b->c three times (3), a->c once (1).
  const ConfusionReport r =
      Build({{"1", "a", "b"}, {"2", "a", "b"}, {"3", "b", "a"}, {"4", "b", "c"}, {"5", "b", "c"},
             {"6", "b", "c"}, {"7", "a", "c"}, {"8", "a", "a"}, {"9", "c", "c"}, {"10", "c", "c"}});
  const std::vector<ConfusedPair> top = MostConfusedPairs(r);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].a, "a");  // ties keep the (a, b) order of the categories
  EXPECT_EQ(top[0].b, "b");
  EXPECT_EQ(top[0].a_as_b, 2u);
  EXPECT_EQ(top[0].b_as_a, 1u);
  EXPECT_EQ(top[0].total, 3u);
  EXPECT_DOUBLE_EQ(top[0].share, 0.3);
  EXPECT_EQ(top[1].a, "b");
  EXPECT_EQ(top[1].b, "c");
  EXPECT_EQ(top[1].b_as_a, 0u);
  EXPECT_EQ(top[2].total, 1u);
  ASSERT_EQ(MostConfusedPairs(r, 1).size(), 1u);
  EXPECT_TRUE(MostConfusedPairs(Build({{"1", "a", "a"}})).empty());
}

TEST(Confusion, PairsComeFromTwoAnnotatorsOrFromGold) {
  const Ratings ratings = Categories({{"i1", "gold", "a"}, {"i1", "ann", "b"},
                                      {"i2", "ann", "a"},  // no gold
                                      {"i3", "gold", "c"}, {"i3", "ann", "c"},
                                      {"i4", "gold", "a"}});  // ann did not rate it
  Result<std::vector<LabelPair>> between = PairsBetween(ratings, "gold", "ann");
  ASSERT_TRUE(between.ok()) << between.status().message();
  ASSERT_EQ(between->size(), 2u);
  EXPECT_EQ((*between)[0].item, "i1");
  EXPECT_EQ((*between)[0].truth, "a");
  EXPECT_EQ((*between)[0].predicted, "b");
  EXPECT_EQ((*between)[1].item, "i3");

  const std::unordered_map<std::string, std::string> gold = {{"i2", "b"}, {"i3", "a"}, {"i9", "a"}};
  Result<std::vector<LabelPair>> with_gold = PairsWithGold(ratings, "ann", gold);
  ASSERT_TRUE(with_gold.ok()) << with_gold.status().message();
  ASSERT_EQ(with_gold->size(), 2u);
  EXPECT_EQ((*with_gold)[0].item, "i2");
  EXPECT_EQ((*with_gold)[0].truth, "b");
  EXPECT_EQ((*with_gold)[0].predicted, "a");
  EXPECT_EQ((*with_gold)[1].truth, "a");
  EXPECT_EQ((*with_gold)[1].predicted, "c");

  EXPECT_TRUE(Fails(PairsBetween(ratings, "gold", "nobody").status(), StatusCode::kNotFound,
                    {"\"nobody\""}));
  EXPECT_TRUE(Fails(PairsWithGold(ratings, "ann", {{"i4", "a"}}).status(),
                    StatusCode::kFailedPrecondition, {"\"ann\"", "gold"}));
  const Ratings apart = Categories({{"i1", "x", "a"}, {"i2", "y", "a"}});
  EXPECT_TRUE(Fails(PairsBetween(apart, "x", "y").status(), StatusCode::kFailedPrecondition,
                    {"no item in common"}));
}

TEST(Confusion, BadInputIsRefusedWithWhatAndWhere) {
  EXPECT_TRUE(Fails(BuildConfusion({}).status(), StatusCode::kFailedPrecondition,
                    {"at least one"}));
  EXPECT_TRUE(Fails(BuildConfusion({{"doc7", "", "a"}}).status(), StatusCode::kInvalidInput,
                    {"\"doc7\"", "true label is empty"}));
  EXPECT_TRUE(Fails(BuildConfusion({{"doc7", "a", "q"}}, {.categories = {"a", "b"}}).status(),
                    StatusCode::kInvalidInput, {"\"doc7\"", "\"q\"", "not in the category list"}));
  EXPECT_TRUE(Fails(BuildConfusion({{"doc7", "a", "a"}}, {.categories = {"a", "b", "a"}}).status(),
                    StatusCode::kInvalidInput, {"\"a\" twice"}));
  RatingsBuilder b;
  ASSERT_TRUE(b.AddLabels("i1", "x", {"a"}).ok());
  Result<Ratings> sets = std::move(b).Build();
  ASSERT_TRUE(sets.ok());
  EXPECT_TRUE(Fails(PairsBetween(*sets, "x", "x").status(), StatusCode::kInvalidInput,
                    {"label sets"}));
}

}  // namespace
}  // namespace taxa::core
