// `taxa gold`, `taxa confusion` and `taxa consensus` end to end, against
// scikit-learn and plain Python on the same labels.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "support/dawid_skene_reference.h"
#include "support/quality_fixture.h"
#include "support/ratings_checks.h"
#include "taxa/core/aggregation.h"

namespace taxa {
namespace {

using taxa::testing::CommandResult;
using taxa::testing::MissingPython;
using taxa::testing::NumpyDawidSkene;
using taxa::testing::QualityFixture;
using taxa::testing::ReadText;
using taxa::testing::WriteText;

class GoldCli : public QualityFixture {
 protected:
  // Writes `text` to `name`, whose `gold import` into p must fail saying `want`.
  void ImportFails(const std::string& name, const std::string& text, const std::string& want) {
    WriteText(tmp_ / name, text);
    CommandResult r = Taxa("-C p gold import " + name);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(want), std::string::npos) << r.err;
  }
};

TEST_F(GoldCli, SetStoresAGoldEventUnderGoldAndListsIt) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  std::string out = Ok("-C p --as lead gold set t01 billing.refund --note 'per policy 4'");
  EXPECT_NE(out.find("Gold label of t01: billing.refund"), std::string::npos) << out;
  std::string message = Git("p log -1 --format=%B");
  EXPECT_NE(message.find("Taxa-Action: gold.set"), std::string::npos) << message;
  std::string files = Git("p show --name-only --format= HEAD");
  EXPECT_EQ(files.rfind("gold/lead/", 0), 0u) << files;
  EXPECT_NE(files.find(".jsonl.zst"), std::string::npos) << files;

  // A later adjudication of the same item replaces the earlier one.
  Ok("-C p --as lead gold set t01 billing");
  Ok("-C p --as boss gold set t02 shipping shipping.late");
  nlohmann::json list = Json("-C p gold list");
  ASSERT_EQ(list.size(), 2u) << list;
  EXPECT_EQ(list[0]["item"], "t01");
  EXPECT_EQ(list[0]["categories"], nlohmann::json({"billing"}));
  EXPECT_EQ(list[1]["categories"], nlohmann::json({"shipping", "shipping.late"}));
  EXPECT_EQ(list[1]["lead"], "boss");

  // The index is a cache: rebuilt from the repository, gold comes back.
  std::string git_dir = Git("p rev-parse --absolute-git-dir");
  git_dir.pop_back();
  ASSERT_EQ(std::remove((git_dir + "/taxa/index.sqlite").c_str()), 0);
  EXPECT_EQ(Json("-C p gold list"), list);

  CommandResult unknown = Taxa("-C p gold set t01 nonsense");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("nonsense"), std::string::npos) << unknown.err;
  CommandResult no_item = Taxa("-C p gold set zz billing");
  EXPECT_EQ(no_item.exit_code, 1);
  EXPECT_NE(no_item.err.find("unknown item \"zz\""), std::string::npos) << no_item.err;
}

TEST_F(GoldCli, GoldFromTwoReplicasMergesByUnion) {
  ASSERT_NO_FATAL_FAILURE(MakeProject(2024, "a"));
  ShareThroughHub();
  Ok("-C a --as lead gold set t01 billing");
  Ok("-C b --as lead gold set t02 shipping");  // another clone: another device folder
  Ok("-C b --as boss gold set t01 billing.refund");
  Ok("-C a sync");
  Ok("-C b sync");
  Ok("-C a sync");
  nlohmann::json a = Json("-C a gold list"), b = Json("-C b gold list");
  EXPECT_EQ(a, b);
  ASSERT_EQ(a.size(), 2u) << a;
  EXPECT_EQ(a[1]["item"], "t02");
  EXPECT_EQ(Git("a rev-parse HEAD"), Git("b rev-parse HEAD"));
  EXPECT_EQ(Git("a ls-tree -r --name-only HEAD conflicts"), "");
}

TEST_F(GoldCli, ImportIsAllOrNothingWithFileAndLine) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  WriteText(tmp_ / "bad.csv", "item,category\nt00,billing\nt01,shipping\nt99,billing\n");
  CommandResult r = Taxa("-C p gold import bad.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.csv:4: unknown item \"t99\""), std::string::npos) << r.err;
  WriteText(tmp_ / "bad2.csv", "t00,billing\nt01,shipping,extra\n");
  r = Taxa("-C p gold import bad2.csv");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad2.csv:2: expected two fields"), std::string::npos) << r.err;
  WriteText(tmp_ / "bad.jsonl",
            "{\"item\":\"t00\",\"categories\":[\"billing\"]}\n"
            "{\"item\":\"t01\",\"categories\":[\"nope\"]}\n");
  r = Taxa("-C p gold import bad.jsonl");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.jsonl:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
  EXPECT_TRUE(Json("-C p gold list").empty());  // nothing of them was written

  WriteText(tmp_ / "gold.jsonl",
            "{\"item\":\"t00\",\"categories\":[\"billing\"]}\n\n"
            "{\"item\":\"t03\",\"categories\":[\"shipping\",\"billing\"]}\n");
  nlohmann::json done = Json("-C p gold import gold.jsonl");
  EXPECT_EQ(done["records"], 2);
  EXPECT_NE(Git("p log -1 --format=%B").find("Taxa-Action: gold.import"), std::string::npos);
  nlohmann::json list = Json("-C p gold list");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["categories"], nlohmann::json({"billing", "shipping"}));
}

TEST_F(GoldCli, ImportReadsQuotedCsvFields) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  WriteText(tmp_ / "more.csv", "id,text\n\"t,40\",\"ticket 40, \"\"urgent\"\"\"\n");
  Ok("-C p import more.csv");
  WriteText(tmp_ / "gold.csv",
            "\xEF\xBB\xBFitem,category\r\n"
            "\"t,40\",\"billing\"\r\n"
            "t01,\"shipping\"\r\n"
            "\r\n"
            "\"t,40\",shipping\r\n");
  nlohmann::json done = Json("-C p gold import gold.csv");
  EXPECT_EQ(done["records"], 2) << done;
  std::map<std::string, nlohmann::json> by_item;
  for (const nlohmann::json& g : Json("-C p gold list"))
    by_item[g["item"].get<std::string>()] = g["categories"];
  EXPECT_EQ(by_item.size(), 2u);
  EXPECT_EQ(by_item["t,40"], nlohmann::json({"billing", "shipping"}));
  EXPECT_EQ(by_item["t01"], nlohmann::json({"shipping"}));

  // Malformed quoting names the file and the line, and writes nothing.
  ImportFails("open.csv", "item,category\nt02,shipping\n\"t03,billing\n",
              "open.csv:3: unterminated quoted field");
  ImportFails("stray.csv", "t02,ship\"ping\n", "stray.csv:1: field 2 has a quote");
  ImportFails("wide.csv", "t02,\"shipping,late\",x\n",
              "wide.csv:1: expected two fields, item,category; found 3");
  EXPECT_EQ(Json("-C p gold list").size(), 2u);
}

TEST_F(GoldCli, ReportMatchesScikitLearn) {
  if (std::string why = MissingSklearn(); !why.empty()) GTEST_SKIP() << why;
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  // Gold for the first 30 items: the truth the labels were drawn around.
  std::string gold = "item,category\n";
  for (int i = 0; i < 30; ++i) gold += ItemId(i) + "," + truth_[ItemId(i)] + "\n";
  WriteText(tmp_ / "gold.csv", gold);
  EXPECT_EQ(Json("-C p gold import gold.csv")["records"], 30);

  nlohmann::json reference =
      Py("from sklearn.metrics import accuracy_score, confusion_matrix, "
         "precision_recall_fscore_support\n"
         "gold = {r['item']: r['category'] for r in csv.DictReader(open('gold.csv'))}\n"
         "acc = {}; yt = []; yp = []\n"
         "for a in ('ann', 'bob', 'cy'):\n"
         "    mine = [r for r in rows() if r['annotator'] == a and r['item'] in gold]\n"
         "    t = [gold[r['item']] for r in mine]; p = [r['value'] for r in mine]\n"
         "    acc[a] = [accuracy_score(t, p), len(mine)]\n"
         "    if a == 'bob': bt, bp = t, p\n"
         "    yt += t; yp += p\n"
         "def scores(t, p):\n"
         "    labels = sorted(set(t) | set(p))\n"
         "    pr, rc, f1, sup = precision_recall_fscore_support(t, p, labels=labels, "
         "zero_division=0)\n"
         "    return {'labels': labels, 'matrix': confusion_matrix(t, p, labels=labels).tolist(),"
         " 'precision': list(pr), 'recall': list(rc), 'f1': list(f1), 'accuracy': "
         "accuracy_score(t, p)}\n"
         "print(json.dumps({'acc': acc, 'all': scores(yt, yp), 'bob': scores(bt, bp)}))\n");
  nlohmann::json all = Json("-C p gold report");
  ASSERT_EQ(all["annotators"].size(), 3u);
  for (const auto& a : all["annotators"]) {
    const std::string name = a["annotator"].get<std::string>();
    EXPECT_NEAR(a["accuracy"].get<double>(), reference["acc"][name][0].get<double>(), 1e-12);
    EXPECT_EQ(a["items"], reference["acc"][name][1]);
  }
  for (const char* who : {"all", "bob"}) {
    nlohmann::json report =
        std::string(who) == "all" ? all : Json("-C p gold report --annotator bob");
    const nlohmann::json& ref = reference[who];
    const nlohmann::json& c = report["confusion"];
    EXPECT_EQ(c["categories"], ref["labels"]) << who;
    EXPECT_EQ(c["matrix"], ref["matrix"]) << who;
    EXPECT_NEAR(c["accuracy"].get<double>(), ref["accuracy"].get<double>(), 1e-12);
    for (size_t k = 0; k < c["per_category"].size(); ++k) {
      EXPECT_NEAR(c["per_category"][k]["precision"].get<double>(),
                  ref["precision"][k].get<double>(), 1e-12);
      EXPECT_NEAR(c["per_category"][k]["recall"].get<double>(), ref["recall"][k].get<double>(),
                  1e-12);
      EXPECT_NEAR(c["per_category"][k]["f1"].get<double>(), ref["f1"][k].get<double>(), 1e-12);
    }
  }
  std::string plain = Ok("-C p gold report");
  EXPECT_NE(plain.find("precision"), std::string::npos) << plain;
  CommandResult nobody = Taxa("-C p gold report --annotator zed");
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_NE(nobody.err.find("annotator \"zed\" has no labels"), std::string::npos) << nobody.err;
}

TEST_F(GoldCli, ReportWithoutGoldSaysHowToAddIt) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  CommandResult r = Taxa("-C p gold report");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no gold labels yet"), std::string::npos) << r.err;
}

TEST_F(GoldCli, ConfusionBetweenAnnotatorsMatchesScikitLearn) {
  if (std::string why = MissingSklearn(); !why.empty()) GTEST_SKIP() << why;
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json reference =
      Py("from sklearn.metrics import confusion_matrix\n"
         "by = defaultdict(dict)\n"
         "for r in rows(): by[r['annotator']][r['item']] = r['value']\n"
         "common = sorted(set(by['ann']) & set(by['cy']))\n"
         "t = [by['ann'][i] for i in common]; p = [by['cy'][i] for i in common]\n"
         "labels = sorted(set(t) | set(p))\n"
         "print(json.dumps({'labels': labels, 'matrix': confusion_matrix(t, p, "
         "labels=labels).tolist()}))\n");
  nlohmann::json j = Json("-C p confusion ann cy");
  EXPECT_EQ(j["categories"], reference["labels"]);
  EXPECT_EQ(j["matrix"], reference["matrix"]);
  CommandResult r = Taxa("-C p confusion ann zed");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("zed"), std::string::npos) << r.err;
}

TEST_F(GoldCli, MajorityConsensusReportsTies) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json reference =
      Py("by = defaultdict(list)\n"
         "for r in rows(): by[r['item']].append(r['value'])\n"
         "out = {}\n"
         "for item, votes in by.items():\n"
         "    counts = Counter(votes); top = max(counts.values())\n"
         "    tied = sorted(v for v, n in counts.items() if n == top)\n"
         "    out[item] = [tied[0], top, tied if len(tied) > 1 else []]\n"
         "print(json.dumps(out))\n");
  nlohmann::json j = Json("-C p consensus");
  EXPECT_EQ(j["method"], "majority");
  ASSERT_EQ(j["items"].size(), reference.size());
  size_t ties = 0;
  for (const auto& item : j["items"]) {
    const nlohmann::json& ref = reference[item["item"].get<std::string>()];
    EXPECT_EQ(item["label"], ref[0]) << item;
    EXPECT_EQ(item["votes"], ref[1]) << item;
    EXPECT_EQ(item["tied"], ref[2]) << item;
    if (!ref[2].empty()) ++ties;
  }
  EXPECT_EQ(j["ties"], ties);
  EXPECT_GT(ties, 0u);  // the data hold ties, so the check means something
}

TEST_F(GoldCli, DawidSkeneGivesPosteriorsAndAccuracies) {
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json j = Json("-C p consensus --method dawid-skene");
  EXPECT_EQ(j["method"], "dawid-skene");
  ASSERT_EQ(j["annotators"].size(), 3u);
  size_t agree_with_truth = 0;
  for (const auto& item : j["items"]) {
    const double p = item["posterior"].get<double>();
    EXPECT_GT(p, 0.0);
    EXPECT_LE(p, 1.0);
    if (item["label"] == truth_[item["item"].get<std::string>()]) ++agree_with_truth;
  }
  // Three annotators who follow the truth 65% of the time: the aggregate
  // recovers it far more often than chance (1 in 5).
  EXPECT_GT(agree_with_truth, j["items"].size() * 6 / 10);
  for (const auto& a : j["annotators"]) {
    EXPECT_GT(a["accuracy"].get<double>(), 0.4) << a;
    EXPECT_LT(a["accuracy"].get<double>(), 1.0) << a;
  }
  CommandResult r = Taxa("-C p consensus --method vote");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown consensus method \"vote\" (expected majority or dawid-skene)"),
            std::string::npos)
      << r.err;
}

// Session::Consensus runs core::DawidSkene with the default options until the
// likelihood stops rising. The paper's EM written out in numpy, run for the
// iterations the JSON reports on ratings.csv (the same labels), must give
// every item's label and posterior and every annotator's accuracy.
TEST_F(GoldCli, DawidSkeneMatchesANumpyImplementationOfThePaper) {
  if (std::string why = MissingPython("numpy"); !why.empty()) GTEST_SKIP() << why;
  ASSERT_NO_FATAL_FAILURE(MakeProject());
  nlohmann::json j = Json("-C p consensus --method dawid-skene");
  ASSERT_EQ(j["method"], "dawid-skene");
  const size_t iterations = j["iterations"].get<size_t>();
  ASSERT_GE(iterations, 1u);

  std::string tsv;
  std::map<std::string, size_t> ratings;  // item -> number of ratings
  std::set<std::string> classes, annotators;
  std::istringstream csv(ReadText(tmp_ / "ratings.csv"));
  std::string line;
  std::getline(csv, line);  // item,annotator,value
  while (std::getline(csv, line)) {
    const size_t a = line.find(','), v = line.find(',', a + 1);
    ASSERT_NE(v, std::string::npos) << line;
    ++ratings[line.substr(0, a)];
    annotators.insert(line.substr(a + 1, v - a - 1));
    classes.insert(line.substr(v + 1));
    std::replace(line.begin(), line.end(), ',', '\t');
    tsv += line + "\n";
  }
  const core::DawidSkeneOptions session;  // what Session::Consensus passes
  std::map<std::string, double> want =
      NumpyDawidSkene(tsv, session.smoothing, iterations, session.start);
  const size_t k = classes.size();
  ASSERT_EQ(want.size(), iterations + k + ratings.size() * k + annotators.size() * k * k);

  // The stopping rule, on the reference's objective: each iteration gains at
  // least tolerance x items, except a converged run's last, which gains less;
  // a run that did not converge used every iteration allowed.
  auto gain = [&want](size_t t) {
    return want["ll_" + std::to_string(t)] - want["ll_" + std::to_string(t - 1)];
  };
  const double threshold = session.tolerance * static_cast<double>(ratings.size());
  const bool converged = j["converged"].get<bool>();
  for (size_t t = 1; t < iterations - (converged ? 1 : 0); ++t)
    EXPECT_GE(gain(t), threshold) << "iteration " << t;
  if (converged) {
    ASSERT_GE(iterations, 2u);
    EXPECT_LT(gain(iterations - 1), threshold);
  } else {
    EXPECT_EQ(iterations, session.max_iterations);
  }

  ASSERT_EQ(j["items"].size(), ratings.size());
  for (const auto& item : j["items"]) {
    const std::string name = item["item"].get<std::string>();
    EXPECT_EQ(item["ratings"], ratings[name]) << name;
    std::string best;
    double top = -1;
    for (const std::string& c : classes) {
      const double p = want["post_" + name + "_" + c];
      if (p > top) {
        top = p;
        best = c;
      }
    }
    EXPECT_NEAR(item["posterior"].get<double>(), top, 1e-9) << name;
    // The most probable class; a class within 1e-9 of it is a tie either way.
    const std::string label = item["label"].get<std::string>();
    ASSERT_TRUE(classes.count(label)) << item;
    if (label != best) {
      EXPECT_NEAR(want["post_" + name + "_" + label], top, 1e-9) << name << " wants " << best;
    }
  }

  // Accuracy: sum_j prior_j pi[a][j][j].
  ASSERT_EQ(j["annotators"].size(), annotators.size());
  for (const auto& a : j["annotators"]) {
    const std::string name = a["annotator"].get<std::string>();
    ASSERT_TRUE(annotators.count(name)) << a;
    double accuracy = 0;
    for (const std::string& c : classes)
      accuracy += want["prior_" + c] * want["pi_" + name + "_" + c + "_" + c];
    EXPECT_NEAR(a["accuracy"].get<double>(), accuracy, 1e-9) << name;
  }
}

}  // namespace
}  // namespace taxa
