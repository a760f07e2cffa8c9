// Krippendorff's alpha with the taxonomy's tree-path distance (kTreePath).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "support/ratings_checks.h"
#include "support/status_matchers.h"
#include "taxa/core/agreement.h"

namespace taxa::core {
namespace {

using taxa::testing::Categories;
using taxa::testing::Fails;
using taxa::testing::kReadTsv;
using taxa::testing::MissingPython;
using taxa::testing::RunPython;
using taxa::testing::Triple;
using taxa::testing::Tsv;

using Tree = std::map<std::string, std::string>;

// animal -> {dog, cat}, plant -> {tree}; animal and plant are top level.
const Tree kLife = {
    {"animal", ""}, {"dog", "animal"}, {"cat", "animal"}, {"plant", ""}, {"tree", "plant"}};

AlphaOptions TreeOptions(const Tree& tree) {
  return {.metric = AlphaMetric::kTreePath, .tree_parent = tree};
}

double Value(const Result<AgreementResult>& r) {
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r->value : -99;
}

// Worked by hand. Items: (dog, dog), (dog, cat), (cat, tree); n = 6 pairable
// values: dog 3, cat 2, tree 1. Path lengths: dog-cat 2 (siblings), dog-tree
// and cat-tree 4 (up to animal, the virtual root, plant, tree).
// Coincidences off the diagonal: o(dog,cat) = o(cat,dog) = 1, o(cat,tree) =
// o(tree,cat) = 1, so sum o delta = 2*2 + 2*4 = 12.
// Expected: sum n_c n_k delta over ordered pairs = 2*(3*2*2 + 3*1*4 + 2*1*4) = 64.
// alpha = 1 - (n - 1) * 12 / 64 = 1 - 60/64 = 0.0625.
// (Nominal alpha on the same data is 1 - 5 * 4 / 22 = 0.0909...: the tree
// counts the dog/cat near miss as milder than the cat/tree confusion.)
TEST(HierarchicalAlpha, MatchesAHandWorkedExample) {
  const Ratings r = Categories({{"i1", "a", "dog"}, {"i1", "b", "dog"},
                                {"i2", "a", "dog"}, {"i2", "b", "cat"},
                                {"i3", "a", "cat"}, {"i3", "b", "tree"}});
  EXPECT_NEAR(Value(KrippendorffAlpha(r, TreeOptions(kLife))), 0.0625, 1e-12);
  EXPECT_NEAR(Value(KrippendorffAlpha(r, {.metric = AlphaMetric::kNominal})), 1 - 20.0 / 22.0,
              1e-12);
}

// Items (x, y), (y, z), (x, x): values x 3, y 2, z 1, n = 6, so
//   sum o delta = 2 d(x,y) + 2 d(y,z),
//   sum n n delta = 2 (6 d(x,y) + 3 d(x,z) + 2 d(y,z)),
//   alpha = 1 - 5 (d(x,y) + d(y,z)) / (6 d(x,y) + 3 d(x,z) + 2 d(y,z)),
// which pins each hand-counted path length down.
TEST(HierarchicalAlpha, PathLengthsCountEdgesThroughTheVirtualRoot) {
  struct Case {
    std::string x, y, z;
    double xy, xz, yz;
  };
  const std::vector<Case> cases = {
      {"dog", "animal", "plant", 1, 3, 2},  // parent 1; top-level nodes 2
      {"dog", "cat", "tree", 2, 4, 4},      // siblings 2; across branches 4
      {"animal", "plant", "tree", 2, 3, 1},
      {"cat", "dog", "animal", 2, 1, 1},
  };
  for (const Case& c : cases) {
    const Ratings r = Categories({{"i1", "a", c.x}, {"i1", "b", c.y}, {"i2", "a", c.y},
                                  {"i2", "b", c.z}, {"i3", "a", c.x}, {"i3", "b", c.x}});
    const double want = 1 - 5 * (c.xy + c.yz) / (6 * c.xy + 3 * c.xz + 2 * c.yz);
    EXPECT_NEAR(Value(KrippendorffAlpha(r, TreeOptions(kLife))), want, 1e-12)
        << c.x << " " << c.y << " " << c.z;
  }
}

// A random forest of `nodes` categories "n0".."n<nodes-1>": each node hangs
// under an earlier one, or is top level with probability 1/5.
Tree RandomTree(std::mt19937& rng, int nodes) {
  Tree tree;
  for (int k = 0; k < nodes; ++k)
    tree["n" + std::to_string(k)] =
        (k == 0 || rng() % 5 == 0) ? "" : "n" + std::to_string(rng() % k);
  return tree;
}

// Ratings of tree nodes with missing values: each annotator gives the item's
// node half the time, else a random node; each rating missing with p = 0.25.
std::vector<Triple> RandomTreeData(std::mt19937& rng, int nodes, int items, int coders) {
  std::vector<Triple> out;
  for (int i = 0; i < items; ++i) {
    const unsigned truth = rng() % nodes;
    for (int c = 0; c < coders; ++c) {
      if (rng() % 4 == 0) continue;
      const unsigned v = rng() % 2 ? truth : rng() % nodes;
      out.push_back({"i" + std::to_string(i), "c" + std::to_string(c), "n" + std::to_string(v)});
    }
  }
  return out;
}

std::string PythonDict(const Tree& tree) {
  std::string out = "{";
  for (const auto& [child, parent] : tree) out += "'" + child + "': '" + parent + "', ";
  return out + "}";
}

// NLTK's AnnotationTask with a path length written from scratch in Python:
// the chain of ancestors of each node (ending at None, the virtual root), and
// the first node of b's chain that is on a's chain is the common ancestor. The
// same distance divided by the tree's diameter gives "normalised".
std::map<std::string, double> NltkTreeAlpha(const Tree& tree, const std::vector<Triple>& data) {
  const std::string script = std::string(kReadTsv) + "parent = " + PythonDict(tree) + R"(
from functools import lru_cache
from nltk.metrics.agreement import AnnotationTask
def chain(x):
    out = [x]
    while parent[out[-1]]:
        out.append(parent[out[-1]])
    return out + [None]
@lru_cache(maxsize=None)
def path(a, b):
    up = {node: steps for steps, node in enumerate(chain(a))}
    for steps, node in enumerate(chain(b)):
        if node in up:
            return float(up[node] + steps)
triples = [(c, i, v) for i, c, v in rows]
print('plain', repr(AnnotationTask(triples, distance=path).alpha()))
diameter = max(path(a, b) for a in parent for b in parent)
normalised = lambda a, b: path(a, b) / diameter
print('normalised', repr(AnnotationTask(triples, distance=normalised).alpha()))
)";
  return RunPython(script, Tsv(data));
}

TEST(HierarchicalAlpha, MatchesNltkWithAPathDistanceOnRandomDataWithMissingValues) {
  const std::string missing = MissingPython("nltk");
  if (!missing.empty()) GTEST_SKIP() << missing;
  for (uint32_t seed : {1u, 2u, 3u, 4u}) {
    std::mt19937 rng(seed);
    const Tree tree = RandomTree(rng, 6 + static_cast<int>(seed) * 5);
    const std::vector<Triple> data = RandomTreeData(rng, static_cast<int>(tree.size()), 90, 4);
    const Ratings r = Categories(data);
    std::map<std::string, double> want = NltkTreeAlpha(tree, data);
    ASSERT_EQ(want.size(), 2u) << "seed " << seed;
    const double got = Value(KrippendorffAlpha(r, TreeOptions(tree)));
    EXPECT_NEAR(got, want["plain"], 1e-9) << "seed " << seed;
    // Normalising the distance does not move alpha (NLTK agrees).
    EXPECT_NEAR(got, want["normalised"], 1e-9) << "seed " << seed;
  }
}

TEST(HierarchicalAlpha, ManyCategoriesTakeThePathWithoutAMatrix) {
  const std::string missing = MissingPython("nltk");
  if (!missing.empty()) GTEST_SKIP() << missing;
  // More than 1024 distinct categories, each used at least once.
  std::mt19937 rng(5);
  const Tree tree = RandomTree(rng, 1100);
  std::vector<Triple> data;
  for (int k = 0; k < 1100; ++k) {
    const std::string item = "i" + std::to_string(k);
    data.push_back({item, "a", "n" + std::to_string(k)});
    data.push_back({item, "b", "n" + std::to_string(rng() % 3 ? k : rng() % 1100)});
  }
  const Ratings r = Categories(data);
  ASSERT_GT(r.ValueCount(), 1024u);
  std::map<std::string, double> want = NltkTreeAlpha(tree, data);
  EXPECT_NEAR(Value(KrippendorffAlpha(r, TreeOptions(tree))), want["plain"], 1e-9);
}

// Puts a new node in the middle of every edge, the virtual root's included,
// so every path length doubles.
Tree Subdivided(const Tree& tree) {
  Tree out;
  for (const auto& [child, parent] : tree) {
    out[child] = "mid-" + child;
    out["mid-" + child] = parent;
  }
  return out;
}

TEST(HierarchicalAlpha, ScalingEveryDistanceLeavesAlphaAndItsIntervalUnchanged) {
  std::mt19937 rng(9);
  const Tree tree = RandomTree(rng, 15);
  const Ratings r = Categories(RandomTreeData(rng, 15, 200, 3));
  const Tree doubled = Subdivided(tree);
  EXPECT_NEAR(Value(KrippendorffAlpha(r, TreeOptions(tree))),
              Value(KrippendorffAlpha(r, TreeOptions(doubled))), 1e-12);
  Result<ConfidenceInterval> a = BootstrapAlpha(r, TreeOptions(tree), {.resamples = 300});
  Result<ConfidenceInterval> b = BootstrapAlpha(r, TreeOptions(doubled), {.resamples = 300});
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_NEAR(a->lo, b->lo, 1e-12);
  EXPECT_NEAR(a->hi, b->hi, 1e-12);
}

TEST(HierarchicalAlpha, BootstrapIntervalSurroundsTheEstimate) {
  std::mt19937 rng(4);
  const Tree tree = RandomTree(rng, 12);
  const Ratings r = Categories(RandomTreeData(rng, 12, 300, 3));
  const double alpha = Value(KrippendorffAlpha(r, TreeOptions(tree)));
  Result<ConfidenceInterval> ci = BootstrapAlpha(r, TreeOptions(tree), {.resamples = 500});
  ASSERT_TRUE(ci.ok()) << ci.status().message();
  EXPECT_NEAR(ci->estimate, alpha, 1e-12);
  EXPECT_LT(ci->lo, alpha);
  EXPECT_GT(ci->hi, alpha);
  EXPECT_EQ(ci->resamples, 500u);
}

TEST(HierarchicalAlpha, ValueMissingFromTheTreeIsNamed) {
  const Ratings r = Categories({{"i1", "a", "dog"}, {"i1", "b", "wolf"},
                                {"i2", "a", "cat"}, {"i2", "b", "cat"}});
  EXPECT_TRUE(Fails(KrippendorffAlpha(r, TreeOptions(kLife)).status(), StatusCode::kInvalidInput,
                    {"\"wolf\"", "not in the tree"}));
  EXPECT_TRUE(Fails(BootstrapAlpha(r, TreeOptions(kLife)).status(), StatusCode::kInvalidInput,
                    {"\"wolf\""}));
}

TEST(HierarchicalAlpha, BadTreesAreRefusedWithTheCategoryAtFault) {
  const Ratings r = Categories({{"i1", "a", "x"}, {"i1", "b", "y"},
                                {"i2", "a", "x"}, {"i2", "b", "x"}});
  EXPECT_TRUE(Fails(KrippendorffAlpha(r, TreeOptions({{"x", ""}, {"y", "ghost"}})).status(),
                    StatusCode::kInvalidInput, {"\"y\"", "\"ghost\"", "not in the tree"}));
  EXPECT_TRUE(Fails(KrippendorffAlpha(r, TreeOptions({{"x", "y"}, {"y", "z"}, {"z", "x"}}))
                        .status(),
                    StatusCode::kInvalidInput, {"cycle"}));
  EXPECT_TRUE(Fails(KrippendorffAlpha(r, TreeOptions({{"x", "x"}, {"y", ""}})).status(),
                    StatusCode::kInvalidInput, {"cycle", "\"x\""}));
}

TEST(HierarchicalAlpha, DegenerateDataGiveAStatusNotNan) {
  // Label sets have no single node.
  RatingsBuilder b;
  ASSERT_TRUE(b.AddLabels("i1", "a", {"dog"}).ok());
  ASSERT_TRUE(b.AddLabels("i1", "b", {"cat"}).ok());
  Result<Ratings> sets = std::move(b).Build();
  ASSERT_TRUE(sets.ok());
  EXPECT_TRUE(Fails(KrippendorffAlpha(*sets, TreeOptions(kLife)).status(),
                    StatusCode::kInvalidInput, {"tree path", "label sets"}));
  // One annotator.
  EXPECT_TRUE(Fails(KrippendorffAlpha(Categories({{"i1", "a", "dog"}, {"i2", "a", "cat"}}),
                                      TreeOptions(kLife))
                        .status(),
                    StatusCode::kInvalidInput, {"at least 2 annotators"}));
  // No item rated twice.
  EXPECT_TRUE(Fails(KrippendorffAlpha(Categories({{"i1", "a", "dog"}, {"i2", "b", "cat"}}),
                                      TreeOptions(kLife))
                        .status(),
                    StatusCode::kFailedPrecondition, {"no pairable values"}));
  // One item only.
  EXPECT_TRUE(Fails(KrippendorffAlpha(Categories({{"i1", "a", "dog"}, {"i1", "b", "cat"}}),
                                      TreeOptions(kLife))
                        .status(),
                    StatusCode::kFailedPrecondition, {"at least 2 items"}));
  // Everyone says dog.
  EXPECT_TRUE(Fails(KrippendorffAlpha(Categories({{"i1", "a", "dog"}, {"i1", "b", "dog"},
                                                  {"i2", "a", "dog"}, {"i2", "b", "dog"}}),
                                      TreeOptions(kLife))
                        .status(),
                    StatusCode::kFailedPrecondition, {"\"dog\"", "no variation"}));
  // Nothing at all.
  EXPECT_FALSE(KrippendorffAlpha(Categories({}), TreeOptions(kLife)).ok());
}

}  // namespace
}  // namespace taxa::core
