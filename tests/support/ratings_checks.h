// Helpers for the statistics tests: small reliability data sets written as
// (item, annotator, value) triples, and running an independent Python
// implementation on them.
//
//   const std::vector<Triple> data = RandomData(1, 80, 5, 6, 0.3);
//   if (std::string why = MissingPython("nltk"); !why.empty()) GTEST_SKIP() << why;
//   std::map<std::string, double> want = RunPython(std::string(kReadTsv) + script, Tsv(data));
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"
#include "taxa/core/agreement.h"

namespace taxa::testing {

// Debian's interpreter, where python3-nltk, -statsmodels and -sklearn live;
// never whatever python3 is first on PATH.
inline constexpr const char* kPython = "/usr/bin/python3";

// "" when /usr/bin/python3 imports every module, else why not.
inline std::string MissingPython(const std::string& modules) {
  CommandResult r = RunCommand(std::string(kPython) + " -c 'import " + modules + "' 2>&1");
  if (r.exit_code == 0) return "";
  return std::string(kPython) + " cannot import " + modules + " (apt-get install -y " +
         "python3-nltk python3-statsmodels python3-sklearn): " + r.out;
}

// Runs `script` on data.tsv (item \t annotator \t value lines) and reads its
// "name value" output lines.
inline std::map<std::string, double> RunPython(const std::string& script, const std::string& tsv) {
  TempDir dir;
  WriteText(dir / "data.tsv", tsv);
  WriteText(dir / "check.py", script);
  CommandResult r = RunCommand(std::string(kPython) + " " + (dir / "check.py") + " " +
                               (dir / "data.tsv"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, double> out;
  std::istringstream lines(r.out);
  std::string name, value;
  while (lines >> name >> value) out[name] = std::strtod(value.c_str(), nullptr);
  return out;
}

// A script prefix reading data.tsv into `rows` of [item, annotator, value].
inline constexpr const char* kReadTsv = R"(
import sys
rows = [line.rstrip('\n').split('\t') for line in open(sys.argv[1])]
)";

struct Triple {
  std::string item, annotator, value;
};

inline core::Ratings Categories(const std::vector<Triple>& triples) {
  core::RatingsBuilder b;
  for (const Triple& t : triples) EXPECT_TRUE(b.AddCategory(t.item, t.annotator, t.value).ok());
  Result<core::Ratings> r = std::move(b).Build();
  EXPECT_TRUE(r.ok()) << r.status().message();
  return std::move(r).value();
}

inline std::string Tsv(const std::vector<Triple>& triples) {
  std::string out;
  for (const Triple& t : triples) out += t.item + "\t" + t.annotator + "\t" + t.value + "\n";
  return out;
}

// Random reliability data: `items` items, `coders` annotators, values 1..`values`,
// annotators agreeing more often than chance. Each rating is dropped with
// probability `missing`.
inline std::vector<Triple> RandomData(uint32_t seed, int items, int coders, int values,
                                      double missing) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(1, values);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Triple> out;
  for (int i = 0; i < items; ++i) {
    const int truth = value(rng);
    for (int c = 0; c < coders; ++c) {
      if (unit(rng) < missing) continue;
      const int v = unit(rng) < 0.6 ? truth : value(rng);
      out.push_back({"i" + std::to_string(i), "c" + std::to_string(c), std::to_string(v)});
    }
  }
  return out;
}

// Every field of two Ratings equal: the same items, annotators, values and
// ratings, numbered alike.
inline void ExpectSameRatings(const core::Ratings& got, const core::Ratings& want) {
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.item_names, want.item_names);
  EXPECT_EQ(got.annotator_names, want.annotator_names);
  EXPECT_EQ(got.value_names, want.value_names);
  EXPECT_EQ(got.value_numbers, want.value_numbers);
  EXPECT_EQ(got.value_labels, want.value_labels);
  EXPECT_EQ(got.label_names, want.label_names);
  EXPECT_EQ(got.item_begin, want.item_begin);
  EXPECT_EQ(got.rating_annotator, want.rating_annotator);
  EXPECT_EQ(got.rating_value, want.rating_value);
}

}  // namespace taxa::testing
