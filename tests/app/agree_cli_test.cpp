// `taxa agree` end to end: the binary on ratings files in a temporary folder,
// its numbers checked against a paper and against NLTK and scikit-learn.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;
using taxa::testing::WriteText;

// Debian's interpreter, where python3-nltk and python3-sklearn live; never
// whatever python3 is first on PATH.
constexpr const char* kPython = "/usr/bin/python3";

class AgreeCli : public ::testing::Test {
 protected:
  CommandResult Taxa(const std::string& args) {
    return RunCommand("cd " + tmp_.path() + " && " TAXA_BINARY_DIR "/taxa " + args);
  }
  // Runs a command that must succeed and returns its stdout.
  std::string Ok(const std::string& args) {
    CommandResult r = Taxa(args);
    EXPECT_EQ(r.exit_code, 0) << "taxa " << args << "\n" << r.err;
    return r.out;
  }
  // Keeps the keys in the order printed.
  nlohmann::ordered_json Json(const std::string& args) {
    std::string out = Ok(args + " --json");
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << out;
    return j;
  }
  // "" when /usr/bin/python3 imports `modules`, else why not.
  static std::string MissingPython(const std::string& modules) {
    CommandResult r = RunCommand(std::string(kPython) + " -c 'import " + modules + "' 2>&1");
    if (r.exit_code == 0) return "";
    return std::string(kPython) + " cannot import " + modules +
           " (apt-get install python3-nltk python3-sklearn): " + r.out;
  }
  // Runs a Python script on tmp_ and returns its stdout, which must be a number.
  double Python(const std::string& script) {
    WriteText(tmp_ / "check.py", script);
    CommandResult r = RunCommand("cd " + tmp_.path() + " && " + kPython + " check.py");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::stod(r.out);
  }
  TempDir tmp_;
};

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
// 4 observers, 12 units, '.' for a missing value.
std::string KrippendorffExampleCsv() {
  const std::vector<std::pair<std::string, std::vector<std::string>>> rows = {
      {"A", {"1", "2", "3", "3", "2", "1", "4", "1", "2", ".", ".", "."}},
      {"B", {"1", "2", "3", "3", "2", "2", "4", "1", "2", "5", ".", "3"}},
      {"C", {".", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", "."}},
      {"D", {"1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", "."}},
  };
  std::string csv = "annotator,item,value,comment\n";
  for (const auto& [coder, values] : rows)
    for (size_t u = 0; u < values.size(); ++u)  // a missing value as an empty cell
      csv += coder + ",unit" + std::to_string(u + 1) + "," +
             (values[u] == "." ? "" : values[u]) + ",\"free, text\"\n";
  return csv;
}

TEST_F(AgreeCli, ReproducesKrippendorffsWorkedExample) {
  WriteText(tmp_ / "k.csv", KrippendorffExampleCsv());
  nlohmann::ordered_json nominal = Json("agree k.csv --metric alpha");
  EXPECT_NEAR(nominal["value"].get<double>(), 0.743, 5e-4);
  EXPECT_EQ(nominal["metric"], "alpha");
  EXPECT_EQ(nominal["level"], "nominal");
  EXPECT_EQ(nominal["items"], 11);  // unit 12 has one value and is not pairable
  EXPECT_EQ(nominal["pairable_values"], 40);
  EXPECT_FALSE(nominal.contains("ci"));
  std::vector<std::string> keys;
  for (auto it = nominal.begin(); it != nominal.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"metric", "level", "value", "items", "pairable_values"}));

  EXPECT_NEAR(Json("agree k.csv --level interval")["value"].get<double>(), 0.849, 5e-4);
  EXPECT_NEAR(Json("agree k.csv --level ordinal")["value"].get<double>(), 0.815, 5e-4);

  std::string plain = Ok("agree k.csv --level interval");
  EXPECT_NE(plain.find("Krippendorff's alpha"), std::string::npos) << plain;
  EXPECT_NE(plain.find("0.8491"), std::string::npos) << plain;
  EXPECT_NE(plain.find("pairable values  40"), std::string::npos) << plain;
  EXPECT_NE(plain.find("single rating"), std::string::npos) << plain;  // the note
}

TEST_F(AgreeCli, AlphaMatchesNltkOnRandomData) {
  if (std::string why = MissingPython("nltk"); !why.empty()) GTEST_SKIP() << why;
  // Complete data: NLTK's alpha departs from Krippendorff's only for missing values.
  std::mt19937 rng(20111);
  std::uniform_int_distribution<int> category(0, 3);
  std::bernoulli_distribution follows(0.6);
  std::string csv = "item,annotator,value\n";
  for (int item = 0; item < 60; ++item) {
    const int truth = category(rng);
    for (const char* coder : {"ann", "bob", "cy"})
      csv += "doc" + std::to_string(item) + "," + coder + ",cat" +
             std::to_string(follows(rng) ? truth : category(rng)) + "\n";
  }
  WriteText(tmp_ / "random.csv", csv);
  const double nltk = Python(
      "import csv\n"
      "from nltk.metrics.agreement import AnnotationTask\n"
      "rows = list(csv.DictReader(open('random.csv')))\n"
      "task = AnnotationTask([(r['annotator'], r['item'], r['value']) for r in rows])\n"
      "print(repr(task.alpha()))\n");
  const double ours = Json("agree random.csv")["value"].get<double>();
  EXPECT_NEAR(ours, nltk, 1e-9);
  EXPECT_GT(ours, 0.2);  // the data carry real agreement, so the check means something
}

TEST_F(AgreeCli, QuadraticKappaMatchesScikitLearn) {
  if (std::string why = MissingPython("sklearn"); !why.empty()) GTEST_SKIP() << why;
  std::mt19937 rng(1968);
  std::uniform_int_distribution<int> score(1, 5);
  std::uniform_int_distribution<int> shift(-1, 1);
  std::string jsonl;
  for (int item = 0; item < 80; ++item) {
    const int a = score(rng);
    const int b = std::clamp(a + shift(rng), 1, 5);
    const int c = item % 7 == 0 ? score(rng) : b;
    jsonl += "{\"item\":\"i" + std::to_string(item) + "\",\"annotator\":\"ann\",\"value\":" +
             std::to_string(a) + "}\n";
    jsonl += "{\"item\":\"i" + std::to_string(item) + "\",\"annotator\":\"bob\",\"value\":" +
             std::to_string(c) + "}\n";
  }
  WriteText(tmp_ / "scores.jsonl", jsonl);
  const double sklearn = Python(
      "import json\n"
      "from sklearn.metrics import cohen_kappa_score\n"
      "rows = [json.loads(l) for l in open('scores.jsonl')]\n"
      "by = {}\n"
      "for r in rows: by.setdefault(r['annotator'], {})[r['item']] = r['value']\n"
      "items = sorted(by['ann'])\n"
      "print(repr(cohen_kappa_score([by['ann'][i] for i in items], [by['bob'][i] for i in items],"
      " weights='quadratic')))\n");
  nlohmann::ordered_json j = Json("agree scores.jsonl --metric cohen --weights quadratic");
  EXPECT_NEAR(j["value"].get<double>(), sklearn, 1e-9);
  EXPECT_EQ(j["metric"], "cohen");
  EXPECT_EQ(j["items"], 80);
}

TEST_F(AgreeCli, BootstrapIntervalIsReproducibleWithTheSameSeed) {
  WriteText(tmp_ / "k.csv", KrippendorffExampleCsv());
  const std::string args = "agree k.csv --level interval --ci 0.9 --seed 7 --json";
  const std::string first = Ok(args);
  EXPECT_EQ(Ok(args), first);
  nlohmann::json j = nlohmann::json::parse(first);
  ASSERT_TRUE(j["ci"].is_array()) << first;
  ASSERT_EQ(j["ci"].size(), 2u);
  const double lo = j["ci"][0].get<double>(), hi = j["ci"][1].get<double>();
  EXPECT_LE(lo, hi);
  EXPECT_GE(lo, -1.0);
  EXPECT_LE(hi, 1.0);
  EXPECT_NEAR(j["value"].get<double>(), 0.849, 5e-4);  // the interval leaves the estimate alone
  std::string plain = Ok("agree k.csv --level interval --ci 0.9 --seed 7");
  EXPECT_NE(plain.find("interval"), std::string::npos) << plain;
  EXPECT_NE(plain.find("seed 7"), std::string::npos) << plain;
}

TEST_F(AgreeCli, MalformedLineNamesFileAndLine) {
  WriteText(tmp_ / "bad.csv", "item,annotator,value\na,x,1\nb,x,lots\n");
  CommandResult r = Taxa("agree bad.csv --level interval");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("taxa: bad.csv:3: field \"value\"", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);

  WriteText(tmp_ / "bad.jsonl", "{\"item\":\"a\",\"annotator\":\"x\",\"value\":\"p\"}\n{\"item\":\n");
  r = Taxa("agree bad.jsonl");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("taxa: bad.jsonl:2: ", 0), 0u) << r.err;

  WriteText(tmp_ / "twice.csv", "item,annotator,value\na,x,1\na,y,2\na,x,2\n");
  r = Taxa("agree twice.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("twice.csv:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;

  r = Taxa("agree missing.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("missing.csv"), std::string::npos) << r.err;
}

TEST_F(AgreeCli, DegenerateDataSayWhyInOneLineNeverNaN) {
  WriteText(tmp_ / "same.csv", "item,annotator,value\na,x,p\na,y,p\nb,x,p\nb,y,p\n");
  WriteText(tmp_ / "lonely.csv", "item,annotator,value\na,x,p\nb,y,q\n");
  WriteText(tmp_ / "empty.csv", "item,annotator,value\n");
  for (const char* args : {"agree same.csv", "agree same.csv --metric cohen",
                                  "agree lonely.csv", "agree empty.csv --metric scott"}) {
    CommandResult r = Taxa(std::string(args) + " --json");
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.out;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err.rfind("taxa: ", 0), 0u) << args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_EQ(r.err.find("nan"), std::string::npos) << args << ": " << r.err;
  }
}

TEST_F(AgreeCli, BadUsageExitsWithTwo) {
  WriteText(tmp_ / "k.csv", KrippendorffExampleCsv());
  for (const char* args :
       {"agree k.csv --metric nope", "agree k.csv --level loud",
        "agree k.csv --weights quadratic", "agree k.csv --metric cohen --ci 0.95",
        "agree k.csv --ci 1.5", "agree k.csv --ci lots", "agree k.csv --seed 3",
        "agree k.csv --metric percent --level interval", "agree k.csv --order a,b",
        "agree k.csv --frobnicate"}) {
    CommandResult r = Taxa(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
  }
  CommandResult r = Taxa("agree k.csv --weights linear");
  // The session names the fields and values, not the CLI's flags.
  EXPECT_EQ(r.err, "taxa: weights \"linear\" apply only to the metric \"cohen\"\n");
  r = Taxa("agree k.csv --metric kappa");
  EXPECT_EQ(r.err,
            "taxa: unknown metric \"kappa\" (expected percent, cohen, scott, bennett, fleiss or "
            "alpha)\n");
  // Without FILE, agree reads the project's labels: here there is no project.
  r = Taxa("agree");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not a Taxa project"), std::string::npos) << r.err;
}

TEST_F(AgreeCli, LevelsNeedTheRightKindOfValues) {
  WriteText(tmp_ / "k.csv", KrippendorffExampleCsv());
  CommandResult r = Taxa("agree k.csv --level jaccard");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("needs multi-label values"), std::string::npos) << r.err;

  WriteText(tmp_ / "sets.jsonl",
            "{\"item\":\"a\",\"annotator\":\"x\",\"value\":[\"red\",\"blue\"]}\n"
            "{\"item\":\"a\",\"annotator\":\"y\",\"value\":[\"red\"]}\n"
            "{\"item\":\"b\",\"annotator\":\"x\",\"value\":[\"green\"]}\n"
            "{\"item\":\"b\",\"annotator\":\"y\",\"value\":[\"green\"]}\n");
  nlohmann::ordered_json j = Json("agree sets.jsonl --level masi");
  EXPECT_EQ(j["level"], "masi");
  EXPECT_EQ(j["items"], 2);

  WriteText(tmp_ / "words.csv",
            "item,annotator,value\na,x,low\na,y,mid\nb,x,high\nb,y,high\nc,x,low\nc,y,low\n");
  r = Taxa("agree words.csv --level ordinal");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("level \"ordinal\" on values that are not all numbers needs their order"),
            std::string::npos)
      << r.err;
  Json("agree words.csv --level ordinal --order low,mid,high");
}

}  // namespace
}  // namespace taxa
