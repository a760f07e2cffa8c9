// core/sampling.h promises the same sample on every machine. The draws are
// checked against tests/support/sampling_reference.py: a pure-Python
// mt19937_64 (checked there against the standard's 10000th output) with the
// rejection draw, partial Fisher-Yates and largest-remainder allocation
// written from the header's contract, run by Debian's /usr/bin/python3.
#include "taxa/core/sampling.h"

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "support/ratings_checks.h"
#include "support/test_support.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa::core {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::kPython;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

constexpr const char* kReference = TAXA_TEST_SUPPORT_DIR "/sampling_reference.py";

// The reference's answers to `requests` (one JSON line each), in order.
std::vector<nlohmann::json> AskReference(const std::vector<nlohmann::json>& requests) {
  TempDir tmp;
  std::string lines;
  for (const nlohmann::json& r : requests) lines += r.dump() + "\n";
  WriteText(tmp / "requests.jsonl", lines);
  CommandResult r =
      RunCommand(std::string(kPython) + " " + kReference + " < " + (tmp / "requests.jsonl"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<nlohmann::json> answers;
  size_t start = 0;
  for (size_t end; (end = r.out.find('\n', start)) != std::string::npos; start = end + 1)
    answers.push_back(nlohmann::json::parse(r.out.substr(start, end - start)));
  EXPECT_EQ(answers.size(), requests.size()) << r.out << r.err;
  return answers;
}

std::vector<size_t> Positions(const nlohmann::json& answer) {
  return answer.get<std::vector<size_t>>();
}

// The stratum of each of `population` positions, cycling through `names`.
std::vector<std::string> Cycle(size_t population, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (size_t i = 0; i < population; ++i) out.push_back(names[i % names.size()]);
  return out;
}

// The same with the names scattered (a multiplicative hash of the position),
// so strata interleave unevenly; a name listed twice gets about twice the share.
std::vector<std::string> Scatter(size_t population, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (size_t i = 0; i < population; ++i)
    out.push_back(names[(((i * 0x9E3779B1u) & 0xffffffffu) >> 13) % names.size()]);
  return out;
}

TEST(Sampling, TheReferenceGeneratorIsTheStandardsMt19937_64) {
  if (RunCommand(std::string("test -x ") + kPython).exit_code != 0)
    GTEST_SKIP() << kPython << " is missing";
  // The reference checks itself against the standard's 10000th output before
  // answering; here its first outputs must also be std::mt19937_64's.
  std::vector<nlohmann::json> requests;
  for (uint64_t seed : {uint64_t{5489}, uint64_t{1}, uint64_t{7}, UINT64_MAX})
    requests.push_back({{"kind", "engine"}, {"seed", seed}, {"count", 700}});
  std::vector<nlohmann::json> answers = AskReference(requests);
  ASSERT_EQ(answers.size(), requests.size());
  for (size_t k = 0; k < requests.size(); ++k) {
    std::mt19937_64 rng(requests[k]["seed"].get<uint64_t>());
    const std::vector<uint64_t> want = answers[k].get<std::vector<uint64_t>>();
    ASSERT_EQ(want.size(), 700u);
    for (size_t i = 0; i < want.size(); ++i)  // 700 crosses the first twist (312 words)
      ASSERT_EQ(rng(), want[i]) << "seed " << requests[k]["seed"] << ", output " << i;
  }
}

TEST(Sampling, RandomSamplesMatchTheReference) {
  if (RunCommand(std::string("test -x ") + kPython).exit_code != 0)
    GTEST_SKIP() << kPython << " is missing";
  struct Case {
    size_t population, n;
    uint64_t seed;
  };
  const std::vector<Case> cases = {{10, 3, 7},         {10, 10, 7},          {10, 0, 7},
                                   {1, 1, 1},          {40, 12, 9},          {1000, 50, 1},
                                   {1000, 50, 2},      {1000, 999, 42},      {25000, 400, 2024},
                                   {7, 3, UINT64_MAX}, {300, 300, 123456789}};
  std::vector<nlohmann::json> requests;
  for (const Case& c : cases)
    requests.push_back(
        {{"kind", "random"}, {"population", c.population}, {"n", c.n}, {"seed", c.seed}});
  std::vector<nlohmann::json> answers = AskReference(requests);
  ASSERT_EQ(answers.size(), cases.size());
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    std::vector<size_t> got = SampleRandom(c.population, c.n, c.seed);
    EXPECT_EQ(got, Positions(answers[k])) << c.n << " of " << c.population << ", seed " << c.seed;
    EXPECT_EQ(got.size(), c.n);
  }
  // Different seeds draw different samples (else the seed would be ignored).
  EXPECT_NE(Positions(answers[5]), Positions(answers[6]));
}

TEST(Sampling, StratifiedSamplesMatchTheReference) {
  if (RunCommand(std::string("test -x ") + kPython).exit_code != 0)
    GTEST_SKIP() << kPython << " is missing";
  struct Case {
    std::vector<std::string> strata;
    size_t n;
    uint64_t seed;
  };
  const std::vector<Case> cases = {
      // 24 email and 16 chat: 10 gives 6 and 4 with no remainder.
      {Cycle(40, {"email", "email", "email", "chat", "chat"}), 10, 1},
      // Three equal strata and 2 to give: the remainders tie, and the names
      // that sort first win.
      {Cycle(30, {"c", "a", "b"}), 2, 5},
      {Cycle(30, {"c", "a", "b"}), 29, 5},
      // An empty name (items without the key) sorts first; names compare as
      // bytes, so "Zeta" < "alpha" < "zeta" < "\u00e9t\u00e9" ("\xc3\xa9t\xc3\xa9").
      {Scatter(500, {"", "alpha", "Zeta", "zeta", "\xc3\xa9t\xc3\xa9", "alpha"}), 37, 11},
      {Scatter(500, {"", "alpha", "Zeta", "zeta", "\xc3\xa9t\xc3\xa9", "alpha"}), 37, 12},
      {Scatter(1000, {"web", "mail", "phone", "web", "chat", "web", "mail"}), 123, 2024},
      {Cycle(12, {"only"}), 12, 3},
      {Scatter(9, {"x", "y"}), 0, 3},
      {Scatter(2000, {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}), 1999, UINT64_MAX},
  };
  std::vector<nlohmann::json> requests;
  for (const Case& c : cases)
    requests.push_back(
        {{"kind", "stratified"}, {"strata", c.strata}, {"n", c.n}, {"seed", c.seed}});
  std::vector<nlohmann::json> answers = AskReference(requests);
  ASSERT_EQ(answers.size(), cases.size());
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    std::vector<size_t> got = SampleStratified(c.strata, c.n, c.seed);
    EXPECT_EQ(got, Positions(answers[k]))
        << "case " << k << ": " << c.n << " of " << c.strata.size() << ", seed " << c.seed;
    EXPECT_EQ(got.size(), c.n) << "case " << k;
  }
}

TEST(Sampling, EqualAllocationSamplesMatchTheReference) {
  if (RunCommand(std::string("test -x ") + kPython).exit_code != 0)
    GTEST_SKIP() << kPython << " is missing";
  struct Case {
    std::vector<std::string> strata;
    size_t n;
    uint64_t seed;
  };
  const std::vector<Case> cases = {
      {Cycle(40, {"email", "email", "email", "chat", "chat"}), 10, 1},
      {Cycle(30, {"c", "a", "b"}), 2, 5},
      {Cycle(30, {"c", "a", "b"}), 29, 5},
      // "tiny" (1 of 12) is short of its share: the rest is shared again.
      {Cycle(12, {"big", "big", "big", "mid", "mid", "big", "mid", "big", "big", "mid", "big",
                  "tiny"}),
       9, 3},
      {Scatter(500, {"", "alpha", "Zeta", "zeta", "\xc3\xa9t\xc3\xa9", "alpha"}), 37, 11},
      {Scatter(1000, {"web", "mail", "phone", "web", "chat", "web", "mail"}), 999, 2024},
      {Scatter(9, {"x", "y"}), 0, 3},
  };
  std::vector<nlohmann::json> requests;
  for (const Case& c : cases)
    requests.push_back(
        {{"kind", "stratified_equal"}, {"strata", c.strata}, {"n", c.n}, {"seed", c.seed}});
  std::vector<nlohmann::json> answers = AskReference(requests);
  ASSERT_EQ(answers.size(), cases.size());
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    std::vector<size_t> got = SampleStratifiedEqual(c.strata, c.n, c.seed);
    EXPECT_EQ(got, Positions(answers[k]))
        << "case " << k << ": " << c.n << " of " << c.strata.size() << ", seed " << c.seed;
    EXPECT_EQ(got.size(), c.n) << "case " << k;
  }
}

// Counts per stratum worked out by hand from the header's rule.
std::map<std::string, size_t> CountsOf(const std::vector<std::string>& strata,
                                       const std::vector<size_t>& positions) {
  std::map<std::string, size_t> counts;
  for (size_t p : positions) ++counts[strata[p]];
  return counts;
}

TEST(Sampling, EqualAllocationGivesEachStratumTheSameShare) {
  // 80 a, 15 b, 5 c; 30 to draw: 10 each.
  std::vector<std::string> strata(80, "a");
  strata.insert(strata.end(), 15, "b");
  strata.insert(strata.end(), 5, "c");
  using Counts = std::map<std::string, size_t>;
  // c has 5 < 10: it gives 5; the 25 left over a and b: 12 each, then 1 to a.
  EXPECT_EQ(CountsOf(strata, SampleStratifiedEqual(strata, 30, 1)),
            (Counts{{"a", 13}, {"b", 12}, {"c", 5}}));
  // 7 over 3: 2 each, then 1 to a (the first name).
  EXPECT_EQ(CountsOf(strata, SampleStratifiedEqual(strata, 7, 1)),
            (Counts{{"a", 3}, {"b", 2}, {"c", 2}}));
  // 60: 20 share; c gives 5 and b 15, a takes the remaining 40.
  EXPECT_EQ(CountsOf(strata, SampleStratifiedEqual(strata, 60, 9)),
            (Counts{{"a", 40}, {"b", 15}, {"c", 5}}));
  // Proportional on the same population: 30 gives 24, 4.5, 1.5 -> 24, 4, 1
  // and the one left goes to the largest remainder (b and c tie at .5: b).
  EXPECT_EQ(CountsOf(strata, SampleStratified(strata, 30, 1)),
            (Counts{{"a", 24}, {"b", 5}, {"c", 1}}));
}

TEST(Sampling, TheSameSeedDrawsTheSameAndAnotherSeedDiffers) {
  const std::vector<std::string> strata = Scatter(5000, {"x", "y", "z"});
  EXPECT_EQ(SampleStratifiedEqual(strata, 300, 77), SampleStratifiedEqual(strata, 300, 77));
  EXPECT_NE(SampleStratifiedEqual(strata, 300, 77), SampleStratifiedEqual(strata, 300, 78));
}

}  // namespace
}  // namespace taxa::core
