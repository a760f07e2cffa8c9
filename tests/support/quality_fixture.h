// A project with known, seeded labels for the quality tests, and reference
// numbers computed from the same labels by independent Python code
// (/usr/bin/python3 with scikit-learn, and a textbook Krippendorff's alpha
// written from the 2011 paper's coincidence-matrix definition).
//
//   class MyTest : public QualityFixture {};
//   TEST_F(MyTest, X) { MakeProject(); double a = Py("print(alpha(units(), nominal))"); }
#pragma once

#include <map>
#include <random>
#include <string>
#include <vector>

#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"
#include "support/cli_fixture.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa::testing {

struct TestLabel {
  std::string item;
  std::string annotator;
  std::string category;
};

class QualityFixture : public CliFixture {
 protected:
  // Categories: billing{refund, charge}, shipping{late}; ids name their path.
  static std::vector<std::string> Categories() {
    return {"billing", "billing.charge", "billing.refund", "shipping", "shipping.late"};
  }

  // Makes project `dir`: 40 items t00..t39 (source email for i % 5 < 3, else
  // chat), a truth per item, and labels by ann, bob and cy who each skip an
  // item one time in ten and follow the truth 65% of the time. Writes the
  // same labels to ratings.csv (item,annotator,value) and the truth to
  // truth.csv (item,category).
  void MakeProject(uint32_t seed = 2024, const std::string& dir = "p") {
    auto s = app::Project::Create(tmp_ / dir, "Quality", {.user = "lead"});
    ASSERT_TRUE(s.ok()) << s.status().message();
    app::Project& p = **s;
    for (const std::string& id : Categories()) {
      size_t dot = id.find('.');
      ASSERT_TRUE(app::TaxonomyEdits(p)
                      .Add({.id = id,
                            .name = id,
                            .parent = dot == std::string::npos ? "" : id.substr(0, dot)})
                      .ok());
    }
    std::string items;
    for (int i = 0; i < 40; ++i)
      items += "{\"id\":\"" + ItemId(i) + "\",\"text\":\"ticket " + std::to_string(i) +
               "\",\"meta\":{\"source\":\"" + (i % 5 < 3 ? "email" : "chat") + "\"}}\n";
    ASSERT_TRUE(
        app::Items(p).ImportBytes(items, "items.jsonl", core::ImportFormat::kJsonLines).ok());
    std::mt19937 rng(seed);
    std::uniform_int_distribution<size_t> pick(0, Categories().size() - 1);
    std::bernoulli_distribution follows(0.65), skips(0.1);
    std::vector<app::LabelRequest> requests;
    std::string csv = "item,annotator,value\n", truth_csv = "item,category\n";
    for (int i = 0; i < 40; ++i) {
      truth_[ItemId(i)] = Categories()[pick(rng)];
      truth_csv += ItemId(i) + "," + truth_[ItemId(i)] + "\n";
      for (const char* who : {"ann", "bob", "cy"}) {
        if (skips(rng)) continue;
        std::string c = follows(rng) ? truth_[ItemId(i)] : Categories()[pick(rng)];
        labels_.push_back({ItemId(i), who, c});
        requests.push_back({.item = ItemId(i), .categories = {c}, .annotator = who});
        csv += ItemId(i) + "," + who + "," + c + "\n";
      }
    }
    ASSERT_TRUE(app::Labeling(p).LabelMany(requests, app::LabelCommit::kNow).ok());
    WriteText(tmp_ / "ratings.csv", csv);
    WriteText(tmp_ / "truth.csv", truth_csv);
  }

  static std::string ItemId(int i) { return (i < 10 ? "t0" : "t") + std::to_string(i); }

  // "" when /usr/bin/python3 has scikit-learn, else why not.
  static std::string MissingSklearn() {
    CommandResult r = RunCommand("/usr/bin/python3 -c 'import sklearn' 2>&1");
    return r.exit_code == 0 ? "" : "/usr/bin/python3 cannot import sklearn: " + r.out;
  }

  // Runs `body` after the reference helpers, in the temporary folder, and
  // returns its stdout parsed as JSON. Helpers: rows() (ratings.csv as dicts),
  // units(keep) (item -> values), alpha(units, dist), nominal, tree (edges
  // between two ids whose parent is the part before the last dot).
  nlohmann::json Py(const std::string& body) {
    WriteText(tmp_ / "ref.py", std::string(kHelpers) + body);
    CommandResult r = RunCommand("cd " + tmp_.path() + " && /usr/bin/python3 ref.py");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j;
  }

  nlohmann::json Json(const std::string& args) {
    std::string out = Ok(args + " --json");
    nlohmann::json j = nlohmann::json::parse(out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << out;
    return j;
  }

  std::vector<TestLabel> labels_;
  std::map<std::string, std::string> truth_;

 private:
  static constexpr const char* kHelpers = R"py(
import csv, json, itertools
from collections import Counter, defaultdict
def rows():
    return list(csv.DictReader(open('ratings.csv')))
def units(keep=lambda r: True, value=lambda r: r['value']):
    u = defaultdict(list)
    for r in rows():
        if keep(r): u[r['item']].append(value(r))
    return u
def nominal(a, b):
    return 0.0 if a == b else 1.0
def path(c):
    parts = c.split('.')
    return ['.'.join(parts[:i + 1]) for i in range(len(parts))]
def tree(a, b):
    pa, pb = path(a), path(b)
    common = sum(1 for x, y in zip(pa, pb) if x == y)
    return float(len(pa) + len(pb) - 2 * common)
# Krippendorff (2011): coincidences o_ck, each unit's pairs weighted 1/(m-1).
def alpha(u, dist):
    o = Counter()
    for vals in u.values():
        m = len(vals)
        if m < 2: continue
        for i, a in enumerate(vals):
            for j, b in enumerate(vals):
                if i != j: o[(a, b)] += 1.0 / (m - 1)
    nc = Counter()
    for (a, b), w in o.items(): nc[a] += w
    n = sum(nc.values())
    do = sum(w * dist(a, b) for (a, b), w in o.items()) / n
    de = sum(nc[a] * nc[b] * dist(a, b) for a in nc for b in nc) / (n * (n - 1))
    return 1 - do / de
)py";
};

}  // namespace taxa::testing
