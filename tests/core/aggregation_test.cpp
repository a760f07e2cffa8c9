#include "taxa/core/aggregation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "support/dawid_skene_reference.h"
#include "support/ratings_checks.h"
#include "support/status_matchers.h"

namespace taxa::core {
namespace {

using taxa::testing::Categories;
using taxa::testing::Fails;
using taxa::testing::MissingPython;
using taxa::testing::NumpyDawidSkene;
using taxa::testing::Triple;
using taxa::testing::Tsv;

uint32_t Code(const Ratings& r, const std::string& value) {
  for (uint32_t v = 0; v < r.ValueCount(); ++v)
    if (r.value_names[v] == value) return v;
  ADD_FAILURE() << "no value " << value;
  return 0;
}

// ---------------------------------------------------------------------------
// Majority vote

TEST(MajorityVote, PicksTheMostFrequentValueAndReportsTies) {
  const Ratings r = Categories({{"i1", "a", "spam"}, {"i1", "b", "spam"}, {"i1", "c", "ham"},
                                {"i2", "a", "ham"},  {"i2", "b", "spam"}, {"i2", "c", "eggs"},
                                {"i3", "b", "ham"},
                                {"i4", "a", "spam"}, {"i4", "b", "ham"}});
  Result<MajorityVoteResult> mv = MajorityVote(r);
  ASSERT_TRUE(mv.ok()) << mv.status().message();
  ASSERT_EQ(mv->items.size(), 4u);
  const ItemVote& i1 = mv->items[0];
  EXPECT_EQ(i1.value, Code(r, "spam"));
  EXPECT_EQ(i1.votes, 2u);
  EXPECT_EQ(i1.ratings, 3u);
  EXPECT_TRUE(i1.tied.empty());
  EXPECT_FALSE(i1.tie_broken);
  // A three-way tie: every tied value, by name, and the first one wins.
  const ItemVote& i2 = mv->items[1];
  EXPECT_TRUE(i2.tie_broken);
  EXPECT_EQ(i2.tied, (std::vector<uint32_t>{Code(r, "eggs"), Code(r, "ham"), Code(r, "spam")}));
  EXPECT_EQ(i2.value, Code(r, "eggs"));
  EXPECT_EQ(i2.votes, 1u);
  // A single rating wins alone.
  EXPECT_EQ(mv->items[2].value, Code(r, "ham"));
  EXPECT_FALSE(mv->items[2].tie_broken);
  EXPECT_EQ(mv->items[3].tied, (std::vector<uint32_t>{Code(r, "ham"), Code(r, "spam")}));
  EXPECT_EQ(mv->ties, 2u);
}

TEST(MajorityVote, RefusesLabelSetsAndEmptyData) {
  RatingsBuilder b;
  ASSERT_TRUE(b.AddLabels("i1", "a", {"x", "y"}).ok());
  Result<Ratings> sets = std::move(b).Build();
  ASSERT_TRUE(sets.ok());
  EXPECT_TRUE(Fails(MajorityVote(*sets).status(), StatusCode::kInvalidInput, {"label sets"}));
  EXPECT_TRUE(Fails(MajorityVote(Categories({})).status(), StatusCode::kFailedPrecondition,
                    {"no ratings"}));
}

// ---------------------------------------------------------------------------
// Dawid-Skene

// Worked by hand with smoothing 1 and one iteration. Items (answers of a, b, c):
// i1 (x, x, x), i2 (x, y, y), i3 (y, y, -), i4 (x, x, -). Majority vote starts
// i1, i4 as x and i2, i3 as y. M-step (counts + 1 over row total + 2):
//   priors (2+1)/(4+2) = 1/2 each;
//   a: x -> (3/4, 1/4), y -> (2/4, 2/4); b: x -> (3/4, 1/4), y -> (1/4, 3/4);
//   c: x -> (2/3, 1/3), y -> (1/3, 2/3).
// E-step, p(x) prod pi vs p(y) prod pi:
//   i1: 1/2 * 3/4 * 3/4 * 2/3 = 9/48  vs 1/2 * 2/4 * 1/4 * 1/3 = 1/48  -> P(x) = 9/10
//   i2: 1/2 * 3/4 * 1/4 * 1/3 = 3/96  vs 1/2 * 2/4 * 3/4 * 2/3 = 12/96 -> P(x) = 1/5
//   i3: 1/2 * 1/4 * 1/4       = 3/96  vs 1/2 * 2/4 * 3/4       = 18/96 -> P(x) = 1/7
//   i4: 1/2 * 3/4 * 3/4       = 27/96 vs 1/2 * 2/4 * 1/4       = 6/96  -> P(x) = 9/11
// Log-likelihood: log(10/48) + log(15/96) + log(21/96) + log(33/96); the
// smoothing adds 1 x (sum of the logs of the priors and of every pi).
TEST(DawidSkene, OneIterationMatchesAHandWorkedExample) {
  const Ratings r = Categories({{"i1", "a", "x"}, {"i1", "b", "x"}, {"i1", "c", "x"},
                                {"i2", "a", "x"}, {"i2", "b", "y"}, {"i2", "c", "y"},
                                {"i3", "a", "y"}, {"i3", "b", "y"},
                                {"i4", "a", "x"}, {"i4", "b", "x"}});
  Result<DawidSkeneResult> ds = DawidSkene(r, {.max_iterations = 1, .smoothing = 1});
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  ASSERT_EQ(ds->classes, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(ds->iterations, 1u);
  EXPECT_FALSE(ds->converged);
  EXPECT_NEAR(ds->priors[0], 0.5, 1e-15);
  const double want_pi[3][2][2] = {{{0.75, 0.25}, {0.5, 0.5}},
                                   {{0.75, 0.25}, {0.25, 0.75}},
                                   {{2.0 / 3, 1.0 / 3}, {1.0 / 3, 2.0 / 3}}};
  double log_prior = 2 * std::log(0.5);
  for (size_t a = 0; a < 3; ++a)
    for (size_t j = 0; j < 2; ++j)
      for (size_t l = 0; l < 2; ++l) {
        EXPECT_NEAR(ds->Confusion(a, j, l), want_pi[a][j][l], 1e-15) << a << j << l;
        log_prior += std::log(want_pi[a][j][l]);
      }
  const double want_x[4] = {0.9, 0.2, 1.0 / 7, 9.0 / 11};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(ds->Posterior(i, 0), want_x[i], 1e-15) << "item " << i;
    EXPECT_NEAR(ds->Posterior(i, 1), 1 - want_x[i], 1e-15) << "item " << i;
  }
  EXPECT_EQ(ds->label, (std::vector<uint32_t>{0, 1, 1, 0}));
  ASSERT_EQ(ds->log_likelihood.size(), 1u);
  const double ll = std::log(10.0 / 48) + std::log(15.0 / 96) + std::log(21.0 / 96) +
                    std::log(33.0 / 96);
  EXPECT_NEAR(ds->log_likelihood[0], ll + log_prior, 1e-12);
}

// Ratings drawn from the Dawid-Skene model itself: K classes, each annotator
// right with its own probability (else a uniform other answer), some
// annotators rating only part of the items, some ratings missing.
std::vector<Triple> RandomDsData(uint32_t seed, int items, int annotators, int k,
                                 std::vector<int>* truth = nullptr) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> accuracy(annotators);
  for (double& a : accuracy) a = 0.3 + 0.6 * unit(rng);
  std::vector<Triple> out;
  for (int i = 0; i < items; ++i) {
    const int t = static_cast<int>(rng() % k);
    if (truth) truth->push_back(t);
    for (int a = 0; a < annotators; ++a) {
      if (a == annotators - 1 && i % 3 != 0) continue;  // rates a third of the items
      if (unit(rng) < 0.2) continue;
      const int v = unit(rng) < accuracy[a] ? t : static_cast<int>(rng() % k);
      out.push_back({"i" + std::to_string(i), "a" + std::to_string(a), "k" + std::to_string(v)});
    }
  }
  return out;
}

TEST(DawidSkene, MatchesANumpyImplementationOfThePaper) {
  const std::string missing = MissingPython("numpy");
  if (!missing.empty()) GTEST_SKIP() << missing;
  struct Case {
    uint32_t seed;
    double smoothing;
    DawidSkeneStart start;
  };
  const std::vector<Case> cases = {{1, 0, DawidSkeneStart::kMajorityVote},
                                   {2, 0.01, DawidSkeneStart::kMajorityVote},
                                   {3, 0.5, DawidSkeneStart::kVoteShares},
                                   {4, 0, DawidSkeneStart::kVoteShares}};
  for (const Case& c : cases) {
    const std::vector<Triple> data = RandomDsData(c.seed, 150, 5, 4);
    const Ratings r = Categories(data);
    Result<DawidSkeneResult> ds = DawidSkene(
        r, {.max_iterations = 25, .tolerance = 0, .smoothing = c.smoothing, .start = c.start});
    ASSERT_TRUE(ds.ok()) << ds.status().message();
    std::map<std::string, double> want =
        NumpyDawidSkene(Tsv(data), c.smoothing, ds->iterations, c.start);
    const size_t k = ds->ClassCount();
    ASSERT_EQ(want.size(), ds->iterations + k + r.ItemCount() * k + r.AnnotatorCount() * k * k)
        << "seed " << c.seed;
    for (size_t t = 0; t < ds->iterations; ++t)
      EXPECT_NEAR(ds->log_likelihood[t], want["ll_" + std::to_string(t)], 1e-9)
          << "seed " << c.seed << " iteration " << t;
    for (size_t j = 0; j < k; ++j)
      EXPECT_NEAR(ds->priors[j], want["prior_" + ds->classes[j]], 1e-9);
    for (size_t i = 0; i < r.ItemCount(); ++i)
      for (size_t j = 0; j < k; ++j)
        EXPECT_NEAR(ds->Posterior(i, j),
                    want["post_" + r.item_names[i] + "_" + ds->classes[j]], 1e-9)
            << "seed " << c.seed << " item " << r.item_names[i];
    for (size_t a = 0; a < r.AnnotatorCount(); ++a)
      for (size_t j = 0; j < k; ++j)
        for (size_t l = 0; l < k; ++l)
          EXPECT_NEAR(ds->Confusion(a, j, l),
                      want["pi_" + r.annotator_names[a] + "_" + ds->classes[j] + "_" +
                           ds->classes[l]],
                      1e-9);
  }
}

TEST(DawidSkene, LogLikelihoodNeverDecreasesAndConverges) {
  for (double smoothing : {0.0, 0.01, 1.0}) {
    const Ratings r = Categories(RandomDsData(7, 2000, 6, 5));
    Result<DawidSkeneResult> ds = DawidSkene(r, {.max_iterations = 500, .smoothing = smoothing});
    ASSERT_TRUE(ds.ok()) << ds.status().message();
    EXPECT_TRUE(ds->converged) << "smoothing " << smoothing;
    EXPECT_LT(ds->iterations, 500u);
    ASSERT_EQ(ds->log_likelihood.size(), ds->iterations);
    for (size_t t = 1; t < ds->log_likelihood.size(); ++t) {
      const double prev = ds->log_likelihood[t - 1], now = ds->log_likelihood[t];
      // EM's guarantee, up to the rounding of a sum over 2000 items.
      EXPECT_GE(now, prev - 1e-9 * std::fabs(prev)) << "smoothing " << smoothing << " step " << t;
    }
    for (size_t i = 0; i < r.ItemCount(); ++i) {
      double sum = 0;
      for (size_t j = 0; j < ds->ClassCount(); ++j) sum += ds->Posterior(i, j);
      ASSERT_NEAR(sum, 1, 1e-12);
    }
    for (size_t a = 0; a < r.AnnotatorCount(); ++a)
      for (size_t j = 0; j < ds->ClassCount(); ++j) {
        double sum = 0;
        for (size_t l = 0; l < ds->ClassCount(); ++l) sum += ds->Confusion(a, j, l);
        ASSERT_NEAR(sum, 1, 1e-12);
      }
  }
}

TEST(DawidSkene, OutvotesUnreliableAnnotatorsThatMajorityVoteFollows) {
  // Two careful annotators (95% right) and three who answer at random: the
  // vote often follows the noise, Dawid-Skene learns whom to trust.
  std::mt19937 rng(3);
  std::vector<Triple> data;
  std::vector<int> truth;
  for (int i = 0; i < 3000; ++i) {
    const int t = static_cast<int>(rng() % 4);
    truth.push_back(t);
    for (int a = 0; a < 5; ++a) {
      const int v = a < 2 ? (rng() % 100 < 95 ? t : static_cast<int>(rng() % 4))
                          : static_cast<int>(rng() % 4);
      data.push_back({"i" + std::to_string(i), "a" + std::to_string(a), "k" + std::to_string(v)});
    }
  }
  const Ratings r = Categories(data);
  Result<MajorityVoteResult> mv = MajorityVote(r);
  Result<DawidSkeneResult> ds = DawidSkene(r);
  ASSERT_TRUE(mv.ok() && ds.ok());
  size_t mv_right = 0, ds_right = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    const uint32_t want = Code(r, "k" + std::to_string(truth[i]));
    mv_right += mv->items[i].value == want;
    ds_right += ds->label[i] == want;
  }
  EXPECT_GT(ds_right, mv_right + 300) << "majority vote " << mv_right << ", Dawid-Skene "
                                      << ds_right << " of 3000";
  // The learned confusion shows annotator a0 careful and a4 random.
  EXPECT_GT(ds->Confusion(0, Code(r, "k1"), Code(r, "k1")), 0.85);
  EXPECT_LT(ds->Confusion(4, Code(r, "k1"), Code(r, "k1")), 0.4);
}

TEST(DawidSkene, SameInputGivesBitIdenticalOutput) {
  const Ratings r = Categories(RandomDsData(11, 40000, 4, 6));  // several pattern chunks
  Result<DawidSkeneResult> a = DawidSkene(r);
  Result<DawidSkeneResult> b = DawidSkene(r);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->posterior, b->posterior);
  EXPECT_EQ(a->confusion, b->confusion);
  EXPECT_EQ(a->log_likelihood, b->log_likelihood);
}

TEST(DawidSkene, DegenerateInputGetsAStatusNotNan) {
  auto fails = [](const std::vector<Triple>& t, StatusCode code, const std::string& fragment,
                  const DawidSkeneOptions& o = {}) {
    return Fails(DawidSkene(Categories(t), o).status(), code, {fragment});
  };
  const std::vector<Triple> ok = {{"i1", "a", "x"}, {"i1", "b", "y"}, {"i2", "a", "x"},
                                  {"i2", "b", "x"}};
  ASSERT_TRUE(DawidSkene(Categories(ok)).ok());
  EXPECT_TRUE(fails({}, StatusCode::kFailedPrecondition, "no ratings"));
  EXPECT_TRUE(fails({{"i1", "a", "x"}, {"i2", "a", "y"}}, StatusCode::kInvalidInput,
                    "at least 2 annotators"));
  EXPECT_TRUE(fails({{"i1", "a", "x"}, {"i1", "b", "y"}}, StatusCode::kFailedPrecondition,
                    "at least 2 items"));
  EXPECT_TRUE(fails({{"i1", "a", "x"}, {"i1", "b", "x"}, {"i2", "a", "x"}},
                    StatusCode::kFailedPrecondition, "every rating is \"x\""));
  EXPECT_TRUE(fails({{"i1", "a", "x"}, {"i2", "b", "y"}}, StatusCode::kFailedPrecondition,
                    "no pairable values"));
  EXPECT_TRUE(fails(ok, StatusCode::kInvalidInput, "max_iterations", {.max_iterations = 0}));
  EXPECT_TRUE(fails(ok, StatusCode::kInvalidInput, "tolerance", {.tolerance = -1}));
  EXPECT_TRUE(fails(ok, StatusCode::kInvalidInput, "smoothing", {.smoothing = NAN}));
  RatingsBuilder b;
  ASSERT_TRUE(b.AddLabels("i1", "a", {"x"}).ok());
  ASSERT_TRUE(b.AddLabels("i1", "b", {"y"}).ok());
  Result<Ratings> sets = std::move(b).Build();
  ASSERT_TRUE(sets.ok());
  EXPECT_TRUE(Fails(DawidSkene(*sets).status(), StatusCode::kInvalidInput, {"label sets"}));
}

}  // namespace
}  // namespace taxa::core
