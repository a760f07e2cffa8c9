// TaxonomyHistory: a generated history of 1,000 taxonomy changes replayed at
// every step against the state the generator recorded; diff between random
// pairs against an expected diff worked out from the recorded states and the
// operations; blame against the generator's record of who changed which
// field (and why, and who approved it); labels made under a release; the
// errors of points that do not exist.
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "session/history.h"
#include "session/internal/project_state.h"
#include "session/items.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/releases.h"
#include "session/taxonomy_edits.h"
#include "session/taxonomy_history.h"
#include "support/status_matchers.h"
#include "support/test_support.h"
#include "taxa/core/release.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/repository.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::TempDir;
using Cats = std::map<std::string, core::Category>;

// The test's own view of a category's fields (not core::CategoryFieldValues):
// field -> JSON value.
std::map<std::string, nlohmann::json> FieldsOf(const core::Category& c) {
  const char* status = c.status == core::CategoryStatus::kDeprecated ? "deprecated"
                       : c.status == core::CategoryStatus::kDraft    ? "draft"
                                                                     : "active";
  return {{"id", c.id},           {"name", c.name},         {"parent", c.parent},
          {"status", status},     {"replaced_by", c.replaced_by},
          {"split_into", c.split_into}, {"definition", c.definition},
          {"include", c.include}, {"exclude", c.exclude},   {"examples", c.examples},
          {"near_misses", c.near_misses}, {"attributes", c.attributes},
          {"sensitive", c.sensitive}};
}

struct Who {
  std::string commit, author, rationale;
  std::vector<std::string> approvals;
};

// One recorded step: the commit, its time, and the deprecations into a
// replacement it made (for the expected "merged").
struct Recorded {
  std::string commit;
  int64_t time = 0;
  std::vector<std::pair<std::string, std::string>> into;  // id -> replacement
  std::map<std::string, std::optional<core::Category>> changed;  // id -> after
};

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  // Picks an operation and applies it to a copy of `cats`; the result is
  // valid (Taxonomy::Validate). Fills `subject` and `into`.
  Cats Next(const Cats& cats, std::string& subject,
            std::vector<std::pair<std::string, std::string>>& into) {
    for (;;) {
      into.clear();
      Cats next = cats;
      int op = Pick(100);
      std::vector<std::string> active = Active(next);
      if (op < 18 || active.size() < 6) {
        core::Category c = Fresh();
        c.parent = Pick(3) == 0 || active.empty() ? "" : active[Pick(active.size())];
        next[c.id] = c;
        subject = "add " + c.id;
      } else if (op < 36) {
        core::Category& c = next[active[Pick(active.size())]];
        c.definition = "definition " + std::to_string(counter_++);
        subject = "redefine " + c.id;
      } else if (op < 46) {
        core::Category& c = next[active[Pick(active.size())]];
        if (Pick(2) == 0) c.examples.push_back("example " + std::to_string(counter_++));
        else c.include.push_back("use when " + std::to_string(counter_++));
        if (Pick(5) == 0) c.sensitive = !c.sensitive;
        subject = "rules of " + c.id;
      } else if (op < 60) {
        core::Category& c = next[active[Pick(active.size())]];
        c.name = "Name " + std::to_string(counter_++);
        subject = "rename " + c.id;
      } else if (op < 76) {
        core::Category& c = next[active[Pick(active.size())]];
        std::string p = Pick(4) == 0 ? "" : active[Pick(active.size())];
        if (p == c.id || p == c.parent) continue;
        c.parent = p;
        subject = "move " + c.id;
      } else if (op < 85) {
        core::Category& c = next[active[Pick(active.size())]];
        std::string r = Pick(2) == 0 ? "" : active[Pick(active.size())];
        if (r == c.id) continue;
        c.status = core::CategoryStatus::kDeprecated;
        c.replaced_by = r;
        if (!r.empty()) into.emplace_back(c.id, r);
        subject = "deprecate " + c.id;
      } else if (op < 93) {
        // merge two into a new or an existing category
        std::string a = active[Pick(active.size())], b = active[Pick(active.size())];
        if (a == b) continue;
        std::string target;
        if (Pick(2) == 0) {
          core::Category c = Fresh();
          next[c.id] = c;
          target = c.id;
        } else {
          target = active[Pick(active.size())];
          if (target == a || target == b) continue;
        }
        for (const std::string& id : {a, b}) {
          next[id].status = core::CategoryStatus::kDeprecated;
          next[id].replaced_by = target;
          into.emplace_back(id, target);
        }
        subject = "merge " + a + " " + b + " into " + target;
      } else {
        // split into two new parts beside it
        std::string a = active[Pick(active.size())];
        core::Category p1 = Fresh(), p2 = Fresh();
        p1.parent = p2.parent = next[a].parent;
        next[p1.id] = p1;
        next[p2.id] = p2;
        next[a].status = core::CategoryStatus::kDeprecated;
        next[a].split_into = {p1.id, p2.id};
        subject = "split " + a;
      }
      std::vector<core::Category> parts;
      for (const auto& [id, c] : next) parts.push_back(c);
      core::Taxonomy t = core::Taxonomy::FromParts(parts, {});
      if (t.Validate().empty()) return next;
    }
  }

  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

 private:
  core::Category Fresh() {
    std::string n = std::to_string(counter_++);
    return {.id = "c" + n, .name = "Name " + n, .definition = "definition " + n};
  }
  static std::vector<std::string> Active(const Cats& cats) {
    std::vector<std::string> out;
    for (const auto& [id, c] : cats)
      if (c.status == core::CategoryStatus::kActive) out.push_back(id);
    return out;
  }
  std::mt19937 rng_;
  int counter_ = 0;
};

core::Taxonomy ToTaxonomy(const Cats& cats) {
  std::vector<core::Category> parts;
  for (const auto& [id, c] : cats) parts.push_back(c);
  return core::Taxonomy::FromParts(parts, {});
}

// The diff expected from `a` to `b`, worked out here field by field, with
// merges from the recorded operations of the steps (i, j].
struct ExpectedDiff {
  std::set<std::string> added, removed, redefined;
  std::map<std::string, std::string> renamed, moved, deprecated;
  std::map<std::string, std::set<std::string>> merged;
  std::map<std::string, std::vector<std::string>> split;
  std::map<std::pair<std::string, std::string>, std::pair<nlohmann::json, nlohmann::json>> fields;
};

ExpectedDiff Expect(const Cats& a, const Cats& b, const std::vector<Recorded>& steps, size_t i,
                    size_t j) {
  ExpectedDiff e;
  for (const auto& [id, c] : b) {
    auto old = a.find(id);
    if (old == a.end()) {
      e.added.insert(id);
      continue;
    }
    const core::Category& o = old->second;
    if (o.name != c.name) e.renamed[id] = c.name;
    if (o.parent != c.parent) e.moved[id] = c.parent;
    if (o.definition != c.definition || o.include != c.include || o.exclude != c.exclude ||
        o.examples != c.examples || o.near_misses != c.near_misses)
      e.redefined.insert(id);
    if (c.status == core::CategoryStatus::kDeprecated && o.status != c.status)
      e.deprecated[id] = c.replaced_by;
    if (!c.split_into.empty() && o.split_into.empty()) e.split[id] = c.split_into;
    auto fo = FieldsOf(o), fc = FieldsOf(c);
    for (const auto& [f, v] : fc)
      if (fo[f] != v) e.fields[{id, f}] = {fo[f], v};
  }
  for (const auto& [id, c] : a)
    if (!b.count(id)) e.removed.insert(id);
  std::map<std::string, std::set<std::string>> into;
  // A category added after `a` and merged before `b` is one added (as
  // deprecated), not one merged.
  for (size_t k = i + 1; k <= j; ++k)
    for (const auto& [id, r] : steps[k].into)
      if (a.count(id)) into[r].insert(id);
  for (const auto& [r, ids] : into)
    if (ids.size() >= 2 || a.count(r)) e.merged[r] = ids;
  return e;
}

ExpectedDiff FromActual(const core::TaxonomyChanges& c) {
  ExpectedDiff e;
  e.added.insert(c.added.begin(), c.added.end());
  e.removed.insert(c.removed.begin(), c.removed.end());
  e.redefined.insert(c.redefined.begin(), c.redefined.end());
  e.renamed.insert(c.renamed.begin(), c.renamed.end());
  e.moved.insert(c.moved.begin(), c.moved.end());
  e.deprecated.insert(c.deprecated.begin(), c.deprecated.end());
  for (const auto& [r, ids] : c.merged) e.merged[r] = std::set<std::string>(ids.begin(), ids.end());
  e.split.insert(c.split.begin(), c.split.end());
  for (const core::CategoryFieldChange& f : c.fields)
    e.fields[{f.id, f.field}] = {nlohmann::json::parse(f.before), nlohmann::json::parse(f.after)};
  return e;
}

// "" when equal, else the parts that differ.
std::string Differ(const ExpectedDiff& x, const ExpectedDiff& y) {
  std::string out;
  if (x.added != y.added) out += " added";
  if (x.removed != y.removed) out += " removed";
  if (x.redefined != y.redefined) out += " redefined";
  if (x.renamed != y.renamed) out += " renamed";
  if (x.moved != y.moved) out += " moved";
  if (x.deprecated != y.deprecated) out += " deprecated";
  if (x.merged != y.merged) out += " merged";
  if (x.split != y.split) out += " split";
  if (x.fields != y.fields) out += " fields";
  return out;
}

TEST(TaxonomyHistory, ReplaysAThousandGeneratedChangesAtEveryStep) {
  TempDir tmp;
  auto p = Project::Create(tmp / "p", "Replay", {.user = "lead"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  Project& project = **p;
  ProjectState& s = project.state();

  Generator gen(20261206);
  const std::vector<std::string> people = {"ana", "bo", "cy", "dee"};
  std::vector<Recorded> steps;  // steps[0]: the empty taxonomy at the project's first commit
  std::vector<Cats> states;     // kept only where diffs and dates look
  Cats cats;
  {
    Recorded r;
    r.commit = *s.repo().Head();
    r.time = s.repo().ReadCommit(r.commit)->entry.time;
    steps.push_back(r);
  }
  std::map<std::string, std::map<std::string, Who>> last;  // id -> field -> who
  const int kSteps = 1000;
  for (int n = 1; n <= kSteps; ++n) {
    std::string subject;
    std::vector<std::pair<std::string, std::string>> into;
    Cats next = gen.Next(cats, subject, into);
    Who who;
    who.author = people[gen.Pick(people.size())];
    std::vector<std::pair<std::string, std::string>> trailers = {{"Taxa-Action", "category.edit"}};
    if (gen.Pick(3) != 0) {
      who.rationale = "because " + std::to_string(n);
      trailers.emplace_back("Taxa-Rationale", who.rationale);
    }
    if (gen.Pick(5) == 0) {
      who.approvals = {people[gen.Pick(people.size())] + " (lead)", "cy (compliance)"};
      for (const std::string& a : who.approvals) trailers.emplace_back("Taxa-Approved-By", a);
    }
    sync::CommitMeta meta = s.Meta(subject, trailers);
    meta.author_name = who.author;
    meta.author_email = who.author + "@example.org";
    ASSERT_TRUE(s.CommitTaxonomy(ToTaxonomy(next), meta).ok()) << subject;
    Recorded r;
    r.commit = *s.repo().Head();
    r.time = s.repo().ReadCommit(r.commit)->entry.time;
    r.into = into;
    who.commit = r.commit;
    for (const auto& [id, c] : next) {
      auto old = cats.find(id);
      if (old != cats.end() && old->second == c) continue;
      r.changed[id] = c;
      auto fo = old == cats.end() ? std::map<std::string, nlohmann::json>{} : FieldsOf(old->second);
      for (const auto& [f, v] : FieldsOf(c))
        if (!fo.count(f) || fo[f] != v) last[id][f] = who;
    }
    ASSERT_NE(r.commit, steps.back().commit) << "step " << n << " made no commit: " << subject;
    steps.push_back(std::move(r));
    cats = std::move(next);
  }

  TaxonomyHistory history(project);
  ASSERT_TRUE(history.Refresh().ok());
  Result<std::vector<sync::LogEntry>> log = History(project).Log(0);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(*history.Refresh(), log->size());  // no merges: main is every commit
  EXPECT_GT(log->size(), static_cast<size_t>(kSteps));

  // Every step, by a prefix of its commit id: the taxonomy the generator recorded.
  std::uniform_int_distribution<size_t> any(0, steps.size() - 1);
  std::mt19937 rng(7);
  std::set<size_t> keep;
  std::vector<std::pair<size_t, size_t>> pairs;
  for (int k = 0; k < 40; ++k) {
    size_t a = any(rng), b = any(rng);
    pairs.emplace_back(a, b);
    keep.insert(a);
    keep.insert(b);
  }
  std::map<size_t, Cats> kept;
  Cats expected;
  for (size_t i = 0; i < steps.size(); ++i) {
    for (const auto& [id, c] : steps[i].changed) {
      if (c) expected[id] = *c;
      else expected.erase(id);
    }
    if (keep.count(i)) kept[i] = expected;
    Result<HistoryPoint> point = history.Resolve(steps[i].commit.substr(0, 12));
    ASSERT_TRUE(point.ok()) << point.status().message();
    ASSERT_EQ(point->commit, steps[i].commit);
    Result<core::Taxonomy> t = history.TaxonomyAt(*point);
    ASSERT_TRUE(t.ok()) << t.status().message();
    Cats got(t->categories().begin(), t->categories().end());
    ASSERT_EQ(got, expected) << "step " << i;
  }
  EXPECT_EQ(expected, cats);

  // Dates: the newest commit at or before each recorded time.
  for (size_t i = 0; i < steps.size(); i += 97) {
    size_t want = 0;
    for (size_t k = 0; k < steps.size(); ++k)
      if (steps[k].time <= steps[i].time) want = k;
    char iso[32];
    std::time_t tt = steps[i].time;
    std::tm tm{};
    gmtime_r(&tt, &tm);
    std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    Result<HistoryPoint> point = history.Resolve(iso);
    ASSERT_TRUE(point.ok()) << point.status().message();
    EXPECT_EQ(point->commit, steps[want].commit) << iso;
  }

  // Diffs between random pairs, both ways.
  for (const auto& [a, b] : pairs) {
    Result<core::TaxonomyChanges> c = history.Diff(steps[a].commit, steps[b].commit);
    ASSERT_TRUE(c.ok()) << c.status().message();
    if (a <= b) {
      EXPECT_EQ(Differ(FromActual(*c), Expect(kept[a], kept[b], steps, a, b)), "")
          << "diff from step " << a << " to " << b;
    } else {
      // Backwards: no operations ran from a to b, so only two ids into one
      // replacement... are worked out from the states: compare what does not
      // depend on operations.
      ExpectedDiff want = Expect(kept[a], kept[b], steps, a, a);
      ExpectedDiff got = FromActual(*c);
      got.merged.clear();
      want.merged.clear();
      EXPECT_EQ(Differ(got, want), "") << "diff from step " << a << " back to " << b;
    }
  }

  // Blame of every category against the generator's record.
  size_t fields_checked = 0;
  for (const auto& [id, c] : cats) {
    Result<std::vector<BlameField>> blame = history.Blame(id);
    ASSERT_TRUE(blame.ok()) << blame.status().message();
    auto want = FieldsOf(c);
    ASSERT_EQ(blame->size(), want.size()) << id;
    for (const BlameField& f : *blame) {
      ASSERT_TRUE(want.count(f.field)) << f.field;
      EXPECT_EQ(nlohmann::json::parse(f.value), want[f.field]) << id << "." << f.field;
      const Who& w = last[id][f.field];
      EXPECT_EQ(f.commit, w.commit) << id << "." << f.field;
      EXPECT_EQ(f.author, w.author) << id << "." << f.field;
      EXPECT_EQ(f.rationale, w.rationale) << id << "." << f.field;
      EXPECT_EQ(f.approved_by, w.approvals) << id << "." << f.field;
      EXPECT_EQ(f.merged_in, "");
      ++fields_checked;
    }
  }
  EXPECT_GT(fields_checked, 1000u);
  // The generator made every kind of change.
  size_t merges = 0, splits = 0;
  for (const auto& [id, c] : cats) {
    if (!c.split_into.empty()) ++splits;
    if (!c.replaced_by.empty()) ++merges;
  }
  EXPECT_GT(merges, 20u);
  EXPECT_GT(splits, 20u);
}

// A project with a category `a` made by the lead.
std::unique_ptr<Project> SmallProject(const std::string& dir) {
  auto p = Project::Create(dir, "Small", {.user = "lead"});
  EXPECT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(TaxonomyEdits(**p).Add({.id = "a", .name = "A", .definition = "first"}).ok());
  return std::move(*p);
}

TEST(TaxonomyHistory, PointsThatDoNotExistAreRefusedNamingThem) {
  TempDir tmp;
  auto p = SmallProject(tmp / "p");
  TaxonomyHistory h(*p);
  EXPECT_TRUE(Fails(h.Resolve("9.9.9").status(), StatusCode::kNotFound, {"no release 9.9.9", "none"}));
  EXPECT_TRUE(Fails(h.Resolve("2001-01-01").status(), StatusCode::kNotFound,
                    {"2001-01-01", "precedes the project"}));
  EXPECT_TRUE(Fails(h.Resolve("deadbeef").status(), StatusCode::kNotFound, {"no commit deadbeef"}));
  EXPECT_TRUE(Fails(h.Resolve("next tuesday").status(), StatusCode::kInvalidInput,
                    {"next tuesday", "not a point of history"}));
  EXPECT_TRUE(Fails(h.Resolve("2026-02-30").status(), StatusCode::kInvalidInput, {"2026-02-30"}));
  EXPECT_TRUE(Fails(h.Blame("nope").status(), StatusCode::kNotFound, {"nope"}));
  EXPECT_TRUE(Fails(h.LabelsMadeUnder("1.0.0").status(), StatusCode::kNotFound, {"1.0.0"}));
  // A date far ahead is HEAD.
  Result<HistoryPoint> later = h.Resolve("2999-01-01");
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->commit, *p->state().repo().Head());
}

TEST(TaxonomyHistory, AReleaseNamesTheTaxonomyItWasCutFrom) {
  TempDir tmp;
  auto p = SmallProject(tmp / "p");
  std::string cut = *p->state().repo().Head();
  ASSERT_TRUE(Releases(*p).Release({.version = "1.0.0"}).ok());
  core::CategoryEdit e;
  e.name = "Alpha";
  ASSERT_TRUE(TaxonomyEdits(*p).Edit("a", e).ok());
  TaxonomyHistory h(*p);
  Result<HistoryPoint> point = h.Resolve("1.0.0");
  ASSERT_TRUE(point.ok()) << point.status().message();
  EXPECT_EQ(point->commit, cut);
  EXPECT_EQ(point->version, "1.0.0");
  EXPECT_EQ(h.TaxonomyAt(*point)->Find("a")->name, "A");
  Result<core::TaxonomyChanges> c = h.Diff("1.0.0", "HEAD");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->renamed, (std::vector<std::pair<std::string, std::string>>{{"a", "Alpha"}}));
  ASSERT_EQ(c->fields.size(), 1u);
  EXPECT_EQ(c->fields[0].before, "\"A\"");
  EXPECT_EQ(c->fields[0].after, "\"Alpha\"");
}

TEST(TaxonomyHistory, TheCacheIsRebuiltWhenItIsDamagedOrLeadsElsewhere) {
  TempDir tmp;
  auto p = SmallProject(tmp / "p");
  TaxonomyHistory h(*p);
  ASSERT_EQ(*h.Refresh(), 2u);  // create, add
  const std::string cache = p->state().state_dir() + "/taxonomy-history";
  ASSERT_TRUE(core::PathExists(cache));
  // Cut short: rebuilt.
  std::string bytes = *core::ReadFile(cache);
  ASSERT_TRUE(core::WriteFileAtomic(cache, bytes.substr(0, bytes.size() / 2)).ok());
  EXPECT_EQ(*h.Refresh(), 2u);
  // A tip that is not on main: rebuilt from HEAD.
  std::string forged = bytes;
  std::string head = *p->state().repo().Head();
  size_t at = forged.find(head);
  ASSERT_NE(at, std::string::npos);
  forged.replace(at, 40, std::string(40, 'f'));
  ASSERT_TRUE(core::WriteFileAtomic(cache, forged).ok());
  core::CategoryEdit e;
  e.definition = "second";
  ASSERT_TRUE(TaxonomyEdits(*p).Edit("a", e).ok());
  EXPECT_EQ(*h.Refresh(), 3u);
  Result<std::vector<BlameField>> b = h.Blame("a");
  ASSERT_TRUE(b.ok()) << b.status().message();
  for (const BlameField& f : *b) {
    if (f.field == "definition") {
      EXPECT_EQ(f.commit, *p->state().repo().Head());
    }
  }
}

TEST(TaxonomyHistory, BlameFollowsAProposalMergeToTheCommitThatMadeTheChange) {
  TempDir tmp;
  const std::string dir = tmp / "p";
  std::string base;
  {
    auto p = SmallProject(dir);
    base = *p->state().repo().Head();
  }
  // A proposal branch with one change, merged into main with its approvals,
  // made with the real git (the convention `control` writes).
  auto git = [&](const std::string& args) {
    auto r = taxa::testing::RunCommand("git -C " + dir + " -c user.name=bo -c user.email=bo@x " + args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    return r.out;
  };
  git("checkout -q -b proposals/rename");
  std::string file = dir + "/taxonomy/categories/a.json";
  std::string bytes = *core::ReadFile(file);
  size_t at = bytes.find("\"A\"");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 3, "\"Apples\"");
  ASSERT_TRUE(core::WriteFileAtomic(file, bytes).ok());
  git("commit -q -a -m 'Rename a' -m 'Taxa-Action: category.edit\nTaxa-Rationale: clearer name'");
  std::string made = git("rev-parse HEAD");
  made.pop_back();
  git("checkout -q main");
  git("merge -q --no-ff proposals/rename -m 'Merge proposal rename\n\nTaxa-Action: "
      "proposal.merge\nTaxa-Proposal: rename\nTaxa-Approved-By: ana (lead)\nTaxa-Approved-By: cy "
      "(compliance)'");
  std::string merge = git("rev-parse HEAD");
  merge.pop_back();

  auto p = Project::Open(dir, {.user = "auditor", .mode = OpenMode::kReadOnly});
  ASSERT_TRUE(p.ok()) << p.status().message();
  Result<std::vector<BlameField>> b = TaxonomyHistory(**p).Blame("a");
  ASSERT_TRUE(b.ok()) << b.status().message();
  bool seen_name = false;
  for (const BlameField& f : *b) {
    if (f.field == "name") {
      seen_name = true;
      EXPECT_EQ(f.value, "\"Apples\"");
      EXPECT_EQ(f.commit, made);
      EXPECT_EQ(f.author, "bo");
      EXPECT_EQ(f.rationale, "clearer name");
      EXPECT_EQ(f.merged_in, merge);
      EXPECT_EQ(f.approved_by, (std::vector<std::string>{"ana (lead)", "cy (compliance)"}));
    } else {
      EXPECT_EQ(f.commit, base) << f.field;
      EXPECT_EQ(f.author, "lead") << f.field;
      EXPECT_TRUE(f.approved_by.empty()) << f.field;
      EXPECT_EQ(f.merged_in, "") << f.field;
    }
  }
  EXPECT_TRUE(seen_name);
}

TEST(TaxonomyHistory, LabelsMadeUnderAReleaseAreThoseMadeWhileItWasTheLatest) {
  TempDir tmp;
  auto p = SmallProject(tmp / "p");
  ASSERT_TRUE(TaxonomyEdits(*p).Add({.id = "b", .name = "B", .definition = "second"}).ok());
  std::string lines;
  for (int i = 1; i <= 6; ++i) lines += "{\"id\":\"i" + std::to_string(i) + "\",\"text\":\"t\"}\n";
  ASSERT_TRUE(Items(*p).ImportBytes(lines, "items.jsonl", core::ImportFormat::kJsonLines).ok());
  auto label = [&](const std::string& item) {
    ASSERT_TRUE(Labeling(*p).Label({.item = item, .categories = {"a"}}).ok());
    ASSERT_TRUE(p->Flush().ok());
  };
  label("i1");  // before any release
  // Labels made in the same session right after a release count under it.
  ASSERT_TRUE(Releases(*p).Release({.version = "1.0.0"}).ok());
  label("i2");
  label("i3");
  core::CategoryEdit e;
  e.definition = "changed";
  ASSERT_TRUE(TaxonomyEdits(*p).Edit("b", e).ok());  // still under 1.0.0: no release since
  label("i4");
  ASSERT_TRUE(Releases(*p).Release({.version = "1.1.0"}).ok());
  label("i5");

  TaxonomyHistory h(*p);
  auto items = [&](const std::string& v) {
    Result<MadeUnder> m = h.LabelsMadeUnder(v);
    EXPECT_TRUE(m.ok()) << m.status().message();
    std::set<std::string> out;
    if (m.ok()) {
      EXPECT_EQ(m->unresolved, 0u);
      for (const core::LabelEvent& ev : m->labels) out.insert(ev.item);
    }
    return out;
  };
  EXPECT_EQ(items("1.0.0"), (std::set<std::string>{"i2", "i3", "i4"}));
  EXPECT_EQ(items("1.1.0"), (std::set<std::string>{"i5"}));
}

}  // namespace
}  // namespace taxa::app
