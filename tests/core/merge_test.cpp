#include "taxa/core/merge.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/status_matchers.h"
#include "taxa/core/label_event.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

// ---------------------------------------------------------------- labels

LabelEvent Ev(const std::string& item, uint64_t hlc, const std::string& annotator = "alice") {
  LabelEvent e;
  e.item = item;
  e.annotator = annotator;
  e.device = "d1";
  e.hlc = hlc;
  e.taxonomy = "t1";
  e.categories = {"billing"};
  e.id = ComputeEventId(e);
  return e;
}

std::string Segment(const std::vector<LabelEvent>& events) {
  std::vector<std::string> lines;
  for (const LabelEvent& e : events) lines.push_back(EncodeEventLine(e));
  return EncodeShard(lines);
}

std::vector<std::string> IdsIn(const std::string& bytes) {
  Result<std::string> text = DecompressFrame(bytes, "segment");
  EXPECT_TRUE(text.ok());
  std::vector<std::string> ids;
  if (!text.ok()) return ids;
  Status s = ForEachLine(*text, [&](std::string_view line, size_t n) -> Status {
    Result<LabelEvent> e = DecodeEventLine(line, "segment:" + std::to_string(n));
    if (!e.ok()) return e.status();
    ids.push_back(e->id);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return ids;
}

const std::string kSegPath = "labels/alice/d1/00000001.jsonl.zst";

TEST(MergeLabelSegment, UnionIsCompleteSortedAndSymmetric) {
  LabelEvent a = Ev("T-1", 1), b = Ev("T-2", 2), c = Ev("T-3", 3), d = Ev("T-4", 4);
  std::string base = Segment({a});
  // Unsorted input, an event on both sides, and one written twice on a side.
  std::string ours = Segment({c, a, b});
  std::string theirs = Segment({d, a, b, b});
  Result<std::string> ab = MergeLabelSegment(kSegPath, base, ours, theirs);
  Result<std::string> ba = MergeLabelSegment(kSegPath, base, theirs, ours);
  ASSERT_TRUE(ab.ok()) << ab.status().message();
  ASSERT_TRUE(ba.ok()) << ba.status().message();
  EXPECT_EQ(*ab, *ba);
  std::vector<std::string> want = {a.id, b.id, c.id, d.id};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(IdsIn(*ab), want);
}

TEST(MergeLabelSegment, MergesWithoutBaseAndWithEmptySide) {
  LabelEvent a = Ev("T-1", 1);
  Result<std::string> m = MergeLabelSegment(kSegPath, std::nullopt, Segment({a}), Segment({}));
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(IdsIn(*m), std::vector<std::string>{a.id});
}

TEST(MergeLabelSegment, CorruptSegmentIsRefusedNamingThePath) {
  std::string good = Segment({Ev("T-1", 1)});
  std::string truncated = good.substr(0, good.size() - 3);
  EXPECT_TRUE(Fails(MergeLabelSegment(kSegPath, std::nullopt, good, truncated).status(),
                    StatusCode::kCorrupt, {kSegPath, "theirs"}));
  EXPECT_TRUE(Fails(MergeLabelSegment(kSegPath, std::nullopt, "not zstd", good).status(),
                    StatusCode::kCorrupt, {kSegPath, "ours"}));
  // A well-formed frame holding an event whose id does not match its content.
  LabelEvent forged = Ev("T-9", 9);
  forged.item = "T-10";
  std::string bad = EncodeShard({EncodeEventLine(forged)});
  EXPECT_TRUE(Fails(MergeLabelSegment(kSegPath, std::nullopt, good, bad).status(),
                    StatusCode::kCorrupt, {kSegPath + ":1"}));
}

// ---------------------------------------------------------------- taxonomy

Category Cat(const std::string& id, const std::string& name, const std::string& parent = "") {
  Category c;
  c.id = id;
  c.name = name;
  c.parent = parent;
  c.definition = "About " + name + ".";
  return c;
}

FileMap BaseFiles() {
  FileMap f;
  for (const Category& c : {Cat("billing", "Billing"), Cat("billing.refund", "Refund", "billing"),
                            Cat("billing.invoice", "Invoice", "billing"), Cat("tech", "Tech"),
                            Cat("tech.login", "Login", "tech")})
    f[CategoryPath(c.id)] = EncodeCategory(c);
  ProjectSettings s;
  s.id = "p1";
  s.name = "Support";
  f[std::string(kSettingsPath)] = EncodeSettings(s);
  return f;
}

Category Get(const FileMap& f, const std::string& id) {
  Result<Category> c = DecodeCategory(f.at(CategoryPath(id)), CategoryPath(id));
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? *c : Category{};
}

void Put(FileMap& f, const Category& c) { f[CategoryPath(c.id)] = EncodeCategory(c); }

// Merges both ways, checks symmetry, and returns the first result.
TreeMergeResult MergeBothWays(const FileMap& base, const FileMap& ours, const FileMap& theirs) {
  Result<TreeMergeResult> ab = MergeTaxonomyFiles(base, ours, theirs);
  Result<TreeMergeResult> ba = MergeTaxonomyFiles(base, theirs, ours);
  EXPECT_TRUE(ab.ok()) << ab.status().message();
  EXPECT_TRUE(ba.ok()) << ba.status().message();
  if (!ab.ok() || !ba.ok()) return {};
  EXPECT_EQ(ab->files, ba->files);
  EXPECT_EQ(ab->conflicts.size(), ba->conflicts.size());
  for (size_t i = 0; i < std::min(ab->conflicts.size(), ba->conflicts.size()); ++i) {
    MergeConflict swapped = ba->conflicts[i];
    std::swap(swapped.ours, swapped.theirs);
    EXPECT_EQ(ab->conflicts[i], swapped);
  }
  return *ab;
}

FileMap Present(const TreeMergeResult& m) {
  FileMap f;
  for (const auto& [path, bytes] : m.files)
    if (bytes) f[path] = *bytes;
  return f;
}

Taxonomy Decoded(const TreeMergeResult& m) {
  Result<Taxonomy> t = DecodeTaxonomy(Present(m));
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? *t : Taxonomy();
}

TEST(MergeTaxonomy, DifferentFieldsAndCategoriesMergeSilently) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  Category refund = Get(base, "billing.refund");
  refund.name = "Refunds";
  Put(ours, refund);
  refund = Get(base, "billing.refund");
  refund.definition = "Money back.";
  refund.sensitive = true;
  Put(theirs, refund);
  Category login = Get(base, "tech.login");
  login.parent = "billing";
  Put(theirs, login);

  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  EXPECT_TRUE(m.conflicts.empty());
  Category merged = Get(Present(m), "billing.refund");
  EXPECT_EQ(merged.name, "Refunds");
  EXPECT_EQ(merged.definition, "Money back.");
  EXPECT_TRUE(merged.sensitive);
  EXPECT_EQ(Get(Present(m), "tech.login").parent, "billing");
  EXPECT_EQ(*m.files.at(CategoryPath("billing.refund")), EncodeCategory(merged));
  EXPECT_TRUE(Decoded(m).Validate().empty());
}

TEST(MergeTaxonomy, SameFieldChangedTheSameWayIsNoConflict) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  Category c = Get(base, "tech");
  c.name = "Technical";
  Put(ours, c);
  Put(theirs, c);
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  EXPECT_TRUE(m.conflicts.empty());
  EXPECT_EQ(Get(Present(m), "tech").name, "Technical");
}

TEST(MergeTaxonomy, SameFieldChangedTwoWaysIsOneConflictWithAllValues) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  Category c = Get(base, "tech");
  c.definition = "Ours.";
  Put(ours, c);
  c.definition = "Theirs.";
  Put(theirs, c);
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  ASSERT_EQ(m.conflicts.size(), 1u);
  const MergeConflict& k = m.conflicts[0];
  EXPECT_EQ(k.kind, "field");
  EXPECT_EQ(k.path, CategoryPath("tech"));
  EXPECT_EQ(k.field, "definition");
  EXPECT_EQ(k.base, "\"About Tech.\"");
  EXPECT_EQ(k.ours, "\"Ours.\"");
  EXPECT_EQ(k.theirs, "\"Theirs.\"");
  EXPECT_EQ(k.id, ConflictId(k));
  EXPECT_EQ(Get(Present(m), "tech").definition, "About Tech.");  // base kept

  Result<MergeConflict> round = DecodeConflict(EncodeConflict(k), "conflicts/x.json");
  ASSERT_TRUE(round.ok()) << round.status().message();
  EXPECT_EQ(*round, k);
}

TEST(MergeTaxonomy, SettingsMergeFieldByField) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  ProjectSettings s = *DecodeSettings(base.at("taxa.json"));
  s.name = "Support desk";
  ours["taxa.json"] = EncodeSettings(s);
  s = *DecodeSettings(base.at("taxa.json"));
  s.roles = {{"ann", {"lead"}}};
  theirs["taxa.json"] = EncodeSettings(s);
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  EXPECT_TRUE(m.conflicts.empty());
  s.name = "Support desk";
  EXPECT_EQ(*m.files.at("taxa.json"), EncodeSettings(s));
}

TEST(MergeTaxonomy, EditAgainstDeleteKeepsTheEditAndRecordsBothSides) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  Category c = Get(base, "tech.login");
  c.definition = "Cannot sign in.";
  Put(ours, c);
  theirs.erase(CategoryPath("tech.login"));
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  ASSERT_EQ(m.conflicts.size(), 1u);
  EXPECT_EQ(m.conflicts[0].kind, "edit-delete");
  EXPECT_EQ(m.conflicts[0].path, CategoryPath("tech.login"));
  EXPECT_TRUE(m.conflicts[0].ours.has_value());
  EXPECT_FALSE(m.conflicts[0].theirs.has_value());
  EXPECT_EQ(*m.files.at(CategoryPath("tech.login")), EncodeCategory(c));
}

TEST(MergeTaxonomy, UnchangedFileDeletedOnOneSideIsDeleted) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  theirs.erase(CategoryPath("billing.invoice"));
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  EXPECT_TRUE(m.conflicts.empty());
  EXPECT_EQ(m.files.at(CategoryPath("billing.invoice")), std::nullopt);
}

TEST(MergeTaxonomy, DeletedParentOfANewChildIsRestored) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  ours.erase(CategoryPath("billing.invoice"));
  Put(theirs, Cat("billing.invoice.late", "Late", "billing.invoice"));
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  ASSERT_EQ(m.conflicts.size(), 1u);
  EXPECT_EQ(m.conflicts[0].kind, "edit-delete");
  EXPECT_EQ(m.conflicts[0].path, CategoryPath("billing.invoice"));
  EXPECT_TRUE(m.files.at(CategoryPath("billing.invoice")).has_value());
  EXPECT_TRUE(Decoded(m).Validate().empty());
}

TEST(MergeTaxonomy, ConcurrentMovesMakingACycleRevertAndStayATree) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  Category billing = Get(base, "billing");
  billing.parent = "tech.login";
  Put(ours, billing);
  Category tech = Get(base, "tech");
  tech.parent = "billing.refund";
  Put(theirs, tech);
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  ASSERT_EQ(m.conflicts.size(), 2u);
  for (const MergeConflict& k : m.conflicts) {
    EXPECT_EQ(k.kind, "cycle");
    EXPECT_EQ(k.field, "parent");
    EXPECT_EQ(k.base, "null");
  }
  EXPECT_EQ(m.conflicts[0].path, CategoryPath("billing"));
  EXPECT_EQ(m.conflicts[0].ours, "\"tech.login\"");
  EXPECT_EQ(m.conflicts[0].theirs, "null");
  EXPECT_EQ(m.conflicts[1].path, CategoryPath("tech"));
  EXPECT_EQ(m.conflicts[1].theirs, "\"billing.refund\"");
  Taxonomy t = Decoded(m);
  EXPECT_TRUE(t.Validate().empty());
  EXPECT_EQ(t.Find("billing")->parent, "");
  EXPECT_EQ(t.Find("tech")->parent, "");
}

TEST(MergeTaxonomy, TwoNewSiblingsWithOneNameAreAConflict) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  Put(ours, Cat("billing.late", "Late payment", "billing"));
  Put(theirs, Cat("billing.overdue", "Late payment", "billing"));
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  ASSERT_EQ(m.conflicts.size(), 1u);
  const MergeConflict& k = m.conflicts[0];
  EXPECT_EQ(k.kind, "sibling-name");
  EXPECT_EQ(k.base, std::nullopt);
  EXPECT_EQ(k.ours, "[\"billing.late\"]");
  EXPECT_EQ(k.theirs, "[\"billing.overdue\"]");
  // Both are kept for a lead to rename one.
  EXPECT_TRUE(m.files.at(CategoryPath("billing.late")).has_value());
  EXPECT_TRUE(m.files.at(CategoryPath("billing.overdue")).has_value());
}

TEST(MergeTaxonomy, ListFieldsKeepAdditionsFromBothSidesAndApplyRemovals) {
  FileMap base = BaseFiles();
  Category c = Get(base, "billing");
  c.examples = {"a", "b", "c"};
  Put(base, c);
  FileMap ours = base, theirs = base;
  c.examples = {"a", "x", "b", "c"};
  Put(ours, c);
  c.examples = {"a", "b", "y"};  // removes c, adds y
  Put(theirs, c);
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  EXPECT_TRUE(m.conflicts.empty());
  EXPECT_EQ(Get(Present(m), "billing").examples, (std::vector<std::string>{"a", "x", "b", "y"}));
}

TEST(MergeTaxonomy, TwoDifferentReorderingsAreAFieldConflict) {
  FileMap base = BaseFiles();
  Category c = Get(base, "billing");
  c.include = {"a", "b", "c"};
  Put(base, c);
  FileMap ours = base, theirs = base;
  c.include = {"c", "a", "b", "n"};
  Put(ours, c);
  c.include = {"b", "a", "c"};
  Put(theirs, c);
  TreeMergeResult m = MergeBothWays(base, ours, theirs);
  ASSERT_EQ(m.conflicts.size(), 1u);
  EXPECT_EQ(m.conflicts[0].field, "include");
  // Base order; ours' addition still follows "b", as it did on ours.
  EXPECT_EQ(Get(Present(m), "billing").include, (std::vector<std::string>{"a", "b", "n", "c"}));
}

TEST(MergeTaxonomy, UndecodableInputIsRefusedNamingSideAndPath) {
  FileMap base = BaseFiles(), ours = base, theirs = base;
  theirs[CategoryPath("tech")] = "{ not json";
  EXPECT_TRUE(Fails(MergeTaxonomyFiles(base, ours, theirs).status(), StatusCode::kInvalidInput,
                    {"theirs", CategoryPath("tech")}));
}

TEST(MergeConflictCodec, RoundTripsAndRefusesBadFiles) {
  MergeConflict c{"", "taxonomy/categories/a.json", "file", "edit-delete",
                  R"({"id":"a","parent":null})", std::nullopt, "[1,2]"};
  c.id = ConflictId(c);
  std::string text = EncodeConflict(c);
  EXPECT_NE(text.find("\n  \"id\""), std::string::npos);
  EXPECT_EQ(text.find("\"ours\""), std::string::npos);
  Result<MergeConflict> back = DecodeConflict(text, "conflicts/x.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, c);
  EXPECT_EQ(EncodeConflict(*back), text);
  MergeConflict swapped = c;
  std::swap(swapped.ours, swapped.theirs);
  EXPECT_EQ(ConflictId(swapped), c.id);
  EXPECT_EQ(CanonicalSides(swapped), CanonicalSides(c));
  // Each side's origin travels with it, through the codec and the swap.
  c.ours_from = std::string(40, 'a');
  c.theirs_from = std::string(40, 'b');
  Result<MergeConflict> with_origins = DecodeConflict(EncodeConflict(c), "conflicts/x.json");
  ASSERT_TRUE(with_origins.ok()) << with_origins.status().message();
  EXPECT_EQ(*with_origins, c);
  MergeConflict mirrored = c;  // as the other replica's merge saw it
  std::swap(mirrored.ours, mirrored.theirs);
  std::swap(mirrored.ours_from, mirrored.theirs_from);
  EXPECT_EQ(CanonicalSides(mirrored), c);  // the absent side first, with its origin
  EXPECT_EQ(CanonicalSides(mirrored).ours_from, std::string(40, 'a'));
  EXPECT_TRUE(Fails(DecodeConflict(R"({"id":"a","path":"p","field":"f","kind":"field",)"
                                   R"("ours_from":7})",
                                   "conflicts/z.json").status(),
                    StatusCode::kInvalidInput, {"conflicts/z.json", "ours_from"}));
  EXPECT_TRUE(Fails(DecodeConflict("[]", "conflicts/x.json").status(), StatusCode::kInvalidInput,
                    {"conflicts/x.json"}));
  EXPECT_TRUE(Fails(DecodeConflict(R"({"id":"a","path":"p","field":"f","kind":"odd"})",
                                   "conflicts/y.json").status(),
                    StatusCode::kInvalidInput, {"conflicts/y.json", "kind"}));
}

// ---------------------------------------------------------------- property

const std::vector<std::string> kNames = {"Alpha", "Beta", "Gamma", "Delta", "Omega"};
const std::vector<std::string> kWords = {"w1", "w2", "w3", "w4", "w5", "w6"};

template <typename T>
const T& Pick(std::mt19937& rng, const std::vector<T>& v) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

std::vector<std::string> Ids(const Taxonomy& t) {
  std::vector<std::string> ids;
  for (const auto& [id, c] : t.categories()) ids.push_back(id);
  return ids;
}

Taxonomy RandomBase(std::mt19937& rng) {
  Taxonomy t;
  (void)t.AddAttribute({.id = "tone", .name = "Tone", .type = AttributeType::kEnum,
                        .values = {"calm", "angry"}});
  int n = 3 + static_cast<int>(rng() % 6);
  for (int i = 0; i < n; ++i) {
    Category c;
    c.id = "c" + std::to_string(i);
    c.name = Pick(rng, kNames) + std::to_string(i);
    c.definition = "def" + std::to_string(rng() % 3);
    std::vector<std::string> ids = Ids(t);
    if (!ids.empty() && rng() % 3 != 0) c.parent = Pick(rng, ids);
    c.include = {Pick(rng, kWords)};
    (void)t.Add(c);
  }
  return t;
}

Taxonomy Without(const Taxonomy& t, const std::string& id) {
  std::vector<Category> cats;
  std::vector<Attribute> attrs;
  for (const auto& [cid, c] : t.categories())
    if (cid != id) cats.push_back(c);
  for (const auto& [aid, a] : t.attributes()) attrs.push_back(a);
  return Taxonomy::FromParts(std::move(cats), std::move(attrs));
}

void RandomEdit(std::mt19937& rng, Taxonomy& t) {
  std::vector<std::string> ids = Ids(t);
  if (ids.empty()) return;
  Category c = *t.Find(Pick(rng, ids));
  switch (rng() % 12) {
    case 0:
      c.name = Pick(rng, kNames);
      (void)t.Update(c);
      break;
    case 1:
      c.definition = "edited " + std::to_string(rng() % 3);
      (void)t.Update(c);
      break;
    case 2:
      c.include.push_back(Pick(rng, kWords));
      (void)t.Update(c);
      break;
    case 3:
      if (!c.include.empty()) c.include.erase(c.include.begin() + rng() % c.include.size());
      c.examples.push_back(Pick(rng, kWords));
      (void)t.Update(c);
      break;
    case 4:
    case 11:  // moves twice as often: cycles need one on each side
      (void)t.Move(c.id, rng() % 4 == 0 ? "" : Pick(rng, ids));
      break;
    case 5:
      (void)t.Deprecate(c.id, rng() % 2 ? "" : Pick(rng, ids));
      break;
    case 6: {
      Category n;
      n.id = "n" + std::to_string(rng() % 3);
      n.name = Pick(rng, kNames);
      n.parent = Pick(rng, ids);
      n.definition = "new";
      (void)t.Add(n);
      break;
    }
    case 7:
      t = Without(t, c.id);
      break;
    case 8:
      c.sensitive = !c.sensitive;
      c.attributes = {"tone"};
      (void)t.Update(c);
      break;
    case 9:
      if (const Attribute* tone = t.FindAttribute("tone")) {
        Attribute a = *tone;
        a.values.push_back(Pick(rng, kWords));
        (void)t.UpdateAttribute(a);
      }
      break;
    case 10: {  // delete the attribute file, even while categories use it
      std::vector<Category> cats;
      for (const auto& [cid, cat] : t.categories()) cats.push_back(cat);
      t = Taxonomy::FromParts(std::move(cats), {});
      break;
    }
  }
}

std::set<std::string> IdSet(const std::vector<MergeConflict>& cs) {
  std::set<std::string> ids;
  for (const MergeConflict& c : cs) ids.insert(c.id);
  return ids;
}

TEST(MergeTaxonomy, RandomEditsMergeSymmetricallyAndReportEveryTwoWayChange) {
  const std::vector<std::string> kScalars = {"name", "parent", "status", "replaced_by",
                                             "definition", "sensitive"};
  std::map<std::string, int> kinds;  // how often each kind of conflict came up
  for (unsigned seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    Taxonomy base = RandomBase(rng), ours = base, theirs = base;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 6); i < n; ++i) RandomEdit(rng, ours);
    for (int i = 0, n = 1 + static_cast<int>(rng() % 6); i < n; ++i) RandomEdit(rng, theirs);
    FileMap fb = EncodeTaxonomy(base), fo = EncodeTaxonomy(ours), ft = EncodeTaxonomy(theirs);

    Result<TreeMergeResult> ab = MergeTaxonomyFiles(fb, fo, ft);
    Result<TreeMergeResult> ba = MergeTaxonomyFiles(fb, ft, fo);
    ASSERT_TRUE(ab.ok()) << ab.status().message();
    ASSERT_TRUE(ba.ok()) << ba.status().message();
    ASSERT_EQ(ab->files, ba->files);
    ASSERT_EQ(IdSet(ab->conflicts), IdSet(ba->conflicts));
    for (size_t i = 0; i < ab->conflicts.size(); ++i) {
      MergeConflict swapped = ba->conflicts[i];
      std::swap(swapped.ours, swapped.theirs);
      EXPECT_EQ(ab->conflicts[i], swapped);
    }
    std::set<std::pair<std::string, std::string>> reported;  // (path, field)
    std::set<std::string> edit_delete;
    for (const MergeConflict& c : ab->conflicts) {
      reported.insert({c.path, c.field});
      ++kinds[c.kind];
      if (c.kind == "edit-delete") edit_delete.insert(c.path);
    }

    // Every scalar field changed two ways, every edit against a delete.
    for (const auto& [id, b] : base.categories()) {
      const Category* o = ours.Find(id);
      const Category* t = theirs.Find(id);
      std::string path = CategoryPath(id);
      if ((o == nullptr) != (t == nullptr)) {
        const Category* kept = o ? o : t;
        if (!(*kept == b)) {
          EXPECT_TRUE(edit_delete.count(path)) << path;
        }
        continue;
      }
      if (!o || !t) continue;
      nlohmann::json jb = nlohmann::json::parse(EncodeCategory(b));
      nlohmann::json jo = nlohmann::json::parse(EncodeCategory(*o));
      nlohmann::json jt = nlohmann::json::parse(EncodeCategory(*t));
      for (const std::string& f : kScalars) {
        auto v = [&](const nlohmann::json& j) { return j.contains(f) ? j[f].dump() : ""; };
        if (v(jo) != v(jb) && v(jt) != v(jb) && v(jo) != v(jt)) {
          EXPECT_TRUE(reported.count({path, f})) << path << " " << f;
        }
      }
    }

    // The merged tree loads, with no cycle and no dangling reference that
    // neither side had.
    Result<Taxonomy> merged = DecodeTaxonomy(Present(*ab));
    ASSERT_TRUE(merged.ok()) << merged.status().message();
    std::set<std::string> sides_had;  // a side may dangle on its own (a deleted parent)
    for (const Taxonomy* side : {&ours, &theirs})
      for (const std::string& problem : side->Validate()) sides_had.insert(problem);
    for (const std::string& problem : merged->Validate()) {
      if (sides_had.count(problem)) continue;
      EXPECT_EQ(problem.find("cycle"), std::string::npos) << problem;
      EXPECT_EQ(problem.find("does not exist"), std::string::npos) << problem;
    }
  }
  // The generator reaches every rule.
  for (const char* kind : {"field", "edit-delete", "cycle", "sibling-name"}) {
    EXPECT_GT(kinds[kind], 0) << kind;
  }
}

}  // namespace
}  // namespace taxa::core
