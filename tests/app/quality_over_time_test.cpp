// Quality::OverTime: alpha and gold accuracy per ISO week and per release,
// checked against NLTK's alpha on the same subsets, grouped in Python by
// its own calendar (datetime.isocalendar) from the labels' raw events.
#include <chrono>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "session/gold.h"
#include "session/internal/project_state.h"
#include "session/items.h"
#include "session/json.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/quality_service.h"
#include "session/taxonomy_edits.h"
#include "support/ratings_checks.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/core/hlc.h"
#include "taxa/core/journal.h"
#include "taxa/core/label_event.h"
#include "taxa/core/release.h"
#include <gtest/gtest.h>

namespace taxa::app {
namespace {

using taxa::testing::MissingPython;
using taxa::testing::RunPython;
using taxa::testing::TempDir;

// Milliseconds since the epoch of a UTC date and time.
int64_t Ms(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, int ms = 0) {
  using namespace std::chrono;
  const sys_days day{year(y) / month(mo) / std::chrono::day(d)};
  return ((day.time_since_epoch().count() * 86400LL + h * 3600 + mi * 60 + s) * 1000) + ms;
}

struct Made {
  std::string item, annotator;
  int64_t ms = 0;
  std::vector<std::string> categories;  // empty: a clear
};

std::unique_ptr<Project> NewProject(const std::string& dir, int items) {
  auto p = Project::Create(dir, "Q", {.user = "lead"});
  EXPECT_TRUE(p.ok()) << p.status().message();
  for (const char* id : {"x", "y", "z"})
    EXPECT_TRUE(TaxonomyEdits(**p).Add({.id = id, .name = id}).ok());
  std::string lines;
  for (int i = 1; i <= items; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "i%02d", i);
    lines += std::string("{\"id\":\"") + id + "\",\"text\":\"t\"}\n";
  }
  EXPECT_TRUE(Items(**p).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines).ok());
  return std::move(*p);
}

// Leaves `made` in the project's journal, as labels from another device a
// crash left uncommitted; the next open commits them with their own clocks.
void Journal(const std::string& dir, const std::vector<Made>& made) {
  std::vector<std::string> records;
  for (const Made& m : made) {
    core::LabelEvent e{.item = m.item,
                       .annotator = m.annotator,
                       .device = "laptop",
                       .hlc = core::HybridClock::Make(static_cast<uint64_t>(m.ms), 0),
                       .categories = m.categories};
    records.push_back(core::SealEvent(e));
  }
  Result<core::Journal> journal = core::Journal::Open(dir + "/.git/taxa/journal");
  ASSERT_TRUE(journal.ok()) << journal.status().message();
  ASSERT_TRUE(journal->Append(records).ok());
}

// A release manifest committed as `taxa taxonomy release` would, at `released`.
void Release(Project& p, const std::string& version, const std::string& released,
             const std::string& previous) {
  core::ReleaseManifest m{.version = version,
                          .released = released,
                          .released_by = "lead",
                          .commit = std::string(40, '0'),
                          .previous = previous,
                          .categories = 3};
  ASSERT_TRUE(p.state()
                  .CommitFiles({{core::ReleasePath(version), core::EncodeRelease(m)}},
                               p.state().Meta("Release " + version, {}))
                  .ok());
}

std::string JoinedOrEmpty(const std::vector<std::string>& c) {
  std::string out;
  for (const std::string& s : c) out += (out.empty() ? "" : ";") + s;
  return out;
}

TEST(QualityOverTime, WeeksAndReleasesMatchNltkOnTheSameSubsets) {
  if (std::string why = MissingPython("nltk"); !why.empty()) GTEST_SKIP() << why;
  TempDir tmp;
  const std::string dir = tmp / "p";
  NewProject(dir, 30).reset();

  // Days across ISO week-year boundaries: 2020 has 53 weeks (2020-12-31 and
  // 2021-01-03 are in 2020-W53), and 2025-12-29 begins 2026-W01.
  const std::vector<int64_t> days = {Ms(2020, 12, 31), Ms(2021, 1, 3),  Ms(2025, 12, 24),
                                     Ms(2025, 12, 29), Ms(2026, 1, 4),  Ms(2026, 1, 5),
                                     Ms(2026, 1, 7)};
  const std::vector<std::vector<std::string>> values = {{"x"}, {"y"}, {"z"}, {"x", "y"}};
  std::mt19937 rng(49);
  std::vector<Made> made;
  for (int i = 1; i <= 30; ++i) {
    char item[8];
    std::snprintf(item, sizeof item, "i%02d", i);
    const size_t truth = rng() % values.size();
    for (const char* who : {"ann", "bob", "cy"}) {
      if (rng() % 5 == 0) continue;
      const size_t value = rng() % 10 < 6 ? truth : rng() % values.size();
      const int64_t when = days[rng() % days.size()] + static_cast<int64_t>(rng() % 86'400'000);
      // Some labels were changed: the earlier version must count nowhere.
      if (rng() % 4 == 0)
        made.push_back({item, who, Ms(2020, 12, 31) - 1000 - static_cast<int64_t>(rng() % 9999),
                        values[(value + 1) % values.size()]});
      made.push_back({item, who, when, values[value]});
    }
  }
  // Edges: the last millisecond of a Sunday and the first of a Monday; a
  // label cleared later counts nowhere; a week with one label has no alpha.
  made.push_back({"i01", "dee", Ms(2026, 1, 4, 23, 59, 59, 999), {"x"}});
  made.push_back({"i02", "dee", Ms(2026, 1, 5, 0, 0, 0, 0), {"y"}});
  made.push_back({"i03", "dee", Ms(2026, 1, 5, 1), {"z"}});
  made.push_back({"i03", "dee", Ms(2026, 1, 6, 1), {}});
  made.push_back({"i04", "dee", Ms(2024, 6, 5, 12), {"x"}});
  Journal(dir, made);

  auto opened = Project::Open(dir, {.user = "lead"});  // commits the journal
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Project& p = **opened;
  // Gold for a third of the items, from the first label seen of each (so it
  // is sometimes right and sometimes not).
  std::map<std::string, std::vector<std::string>> gold;
  for (int i = 1; i <= 10; ++i) {
    char item[8];
    std::snprintf(item, sizeof item, "i%02d", i);
    gold[item] = values[rng() % values.size()];
    ASSERT_TRUE(Gold(p).Set(item, gold[item], "").ok());
  }
  Release(p, "1.0.0", "2025-12-30T12:00:00Z", "");
  Release(p, "1.1.0", "2026-01-05T00:00:00Z", "1.0.0");

  Result<std::vector<QualityPeriod>> rows = Quality(p).OverTime();
  ASSERT_TRUE(rows.ok()) << rows.status().message();

  nlohmann::json data;
  data["labels"] = nlohmann::json::array();
  for (const Made& m : made)
    data["labels"].push_back({m.item, m.annotator, m.ms, JoinedOrEmpty(m.categories)});
  for (const auto& [item, g] : gold) data["gold"][item] = JoinedOrEmpty(g);
  data["releases"] = {{"1.0.0", "2025-12-30T12:00:00Z"}, {"1.1.0", "2026-01-05T00:00:00Z"}};
  const std::string script = R"(
import json, sys
from datetime import datetime, timezone
from nltk.metrics.agreement import AnnotationTask
data = json.load(open(sys.argv[1]))
latest = {}
for item, who, ms, value in data['labels']:
    if (item, who) not in latest or ms > latest[(item, who)][0]:
        latest[(item, who)] = (ms, value)
current = [(item, who, ms, value) for (item, who), (ms, value) in latest.items() if value]
def stamp(text):
    return datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=timezone.utc).timestamp() * 1000
releases = sorted((stamp(t), v) for v, t in data['releases'].items())
groups = {}
for item, who, ms, value in current:
    y, w, _ = datetime.fromtimestamp(ms / 1000, timezone.utc).isocalendar()
    groups.setdefault('week:%04d-W%02d' % (y, w), []).append((item, who, value))
    name = ''
    for start, version in releases:
        if ms >= start:
            name = version
    groups.setdefault('release:' + name, []).append((item, who, value))
for key, labels in sorted(groups.items()):
    print(key + '/labels', len(labels))
    count = {}
    for item, who, value in labels:
        count[item] = count.get(item, 0) + 1
    pairable = [(who, item, value) for item, who, value in labels if count[item] >= 2]
    print(key + '/items', len([i for i in count if count[i] >= 2]))
    # Defined as agreement.h has it: two or more pairable items, some variation.
    if len({i for _, i, _ in pairable}) >= 2 and len({v for _, _, v in pairable}) >= 2:
        print(key + '/alpha', repr(AnnotationTask(pairable).alpha()))
    on_gold = [(item, value) for item, who, value in labels if item in data['gold']]
    print(key + '/gold_labels', len(on_gold))
    if on_gold:
        print(key + '/gold', sum(value == data['gold'][item] for item, value in on_gold) / len(on_gold))
)";
  std::map<std::string, double> want = RunPython(script, data.dump());
  ASSERT_FALSE(want.empty());

  std::map<std::string, double> got;
  std::vector<std::string> weeks;
  size_t defined = 0;
  for (const QualityPeriod& r : *rows) {
    const std::string key = r.kind + ":" + r.name;
    if (r.kind == "week") weeks.push_back(r.name);
    got[key + "/labels"] = static_cast<double>(r.labels);
    got[key + "/items"] = static_cast<double>(r.items);
    got[key + "/gold_labels"] = static_cast<double>(r.gold_labels);
    if (r.gold_accuracy) got[key + "/gold"] = *r.gold_accuracy;
    if (r.alpha) {
      got[key + "/alpha"] = *r.alpha;
      ++defined;
    } else {
      EXPECT_FALSE(r.alpha_error.empty()) << key;
    }
  }
  ASSERT_EQ(got.size(), want.size()) << nlohmann::json(got).dump() << "\n" << nlohmann::json(want).dump();
  for (const auto& [key, value] : want) {
    ASSERT_TRUE(got.count(key)) << key;
    EXPECT_NEAR(got[key], value, 1e-9) << key;
  }
  EXPECT_GE(defined, 5u);  // the check compares real numbers, not only undefined ones
  // Oldest first, named by ISO week-year.
  EXPECT_EQ(weeks, (std::vector<std::string>{"2020-W53", "2024-W23", "2025-W52", "2026-W01",
                                             "2026-W02"}));
  // Releases in time order after the weeks, the labels before the first one first.
  ASSERT_GE(rows->size(), 3u);
  const QualityPeriod& before = (*rows)[rows->size() - 3];
  EXPECT_EQ(before.kind, "release");
  EXPECT_EQ(before.name, "");
  EXPECT_EQ(before.start, "");
  EXPECT_EQ(before.end, "2025-12-30T12:00:00Z");
  EXPECT_EQ(rows->back().name, "1.1.0");
  EXPECT_EQ(rows->back().start, "2026-01-05T00:00:00Z");
  EXPECT_EQ(rows->back().end, "");
  EXPECT_EQ((*rows)[rows->size() - 2].end, "2026-01-05T00:00:00Z");
  // A week runs Monday to Monday.
  for (const QualityPeriod& r : *rows)
    if (r.name == "2026-W01") {
      EXPECT_EQ(r.start, "2025-12-29T00:00:00Z");
      EXPECT_EQ(r.end, "2026-01-05T00:00:00Z");
    }
  // The week with dee's one label has one annotator: no alpha, and why.
  for (const QualityPeriod& r : *rows)
    if (r.name == "2024-W23") {
      EXPECT_EQ(r.labels, 1u);
      EXPECT_FALSE(r.alpha.has_value());
      EXPECT_NE(r.alpha_error.find("at least 2 annotators"), std::string::npos) << r.alpha_error;
    }
}

TEST(QualityOverTime, NoLabelsNoRowsAndJsonSaysNullWhereUndefined) {
  TempDir tmp;
  auto p = NewProject(tmp / "p", 3);
  Result<std::vector<QualityPeriod>> rows = Quality(*p).OverTime();
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_TRUE(rows->empty());

  QualityPeriod before{.kind = "release", .end = "2026-01-05T00:00:00Z", .labels = 1,
                       .alpha_error = "no pairable values"};
  EXPECT_EQ(ToJson(before).dump(),
            R"({"kind":"release","name":null,"start":null,"end":"2026-01-05T00:00:00Z",)"
            R"("labels":1,"items":0,"alpha":null,"alpha_error":"no pairable values",)"
            R"("gold_labels":0,"gold_accuracy":null})");
}

TEST(QualityOverTime, AReleaseTimeThatIsNotIsoFailsNamingItsFile) {
  TempDir tmp;
  auto p = NewProject(tmp / "p", 3);
  ASSERT_TRUE(Labeling(*p).Label({.item = "i01", .categories = {"x"}}).ok());
  Release(*p, "1.0.0", "yesterday", "");
  EXPECT_TRUE(taxa::testing::Fails(Quality(*p).OverTime().status(), StatusCode::kInvalidInput,
                                   {"taxonomy/releases/1.0.0.json", "released", "yesterday"}));
}

TEST(ConsensusJson, APageHoldsItsItemsAndTheCursorOfTheNext) {
  ConsensusReport r;
  for (const char* item : {"a", "b", "c"}) r.items.push_back({.item = item, .label = "x"});
  nlohmann::ordered_json first = ToJson(r, 0, 2);
  ASSERT_EQ(first["items"].size(), 2u);
  EXPECT_EQ(first["items"][1]["item"], "b");
  EXPECT_EQ(first["next_cursor"], 2);
  EXPECT_EQ(first["total"], 3);
  nlohmann::ordered_json last = ToJson(r, 2, 2);
  ASSERT_EQ(last["items"].size(), 1u);
  EXPECT_TRUE(last["next_cursor"].is_null());
  EXPECT_EQ(ToJson(r, 9, 2)["items"].size(), 0u);
}

}  // namespace
}  // namespace taxa::app
