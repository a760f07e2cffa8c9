#include "taxa/core/project_files.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "support/status_matchers.h"
#include <gtest/gtest.h>

#include "taxa/core/item.h"
#include "taxa/core/label_event.h"
#include "taxa/core/layout.h"
#include "taxa/core/release.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

constexpr const char* kSegment = "labels/alice/dev1/00000001.jsonl.zst";

LabelEvent Event(const std::string& item, uint64_t hlc, const std::string& annotator = "alice") {
  LabelEvent e;
  e.item = item;
  e.annotator = annotator;
  e.device = "dev1";
  e.hlc = hlc;
  e.taxonomy = "tree:0";
  e.categories = {"billing"};
  e.id = ComputeEventId(e);
  return e;
}

std::string Segment(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return EncodeShard(lines);
}

std::string Category(const std::string& id, const std::string& parent = "",
                     const std::string& name = "") {
  core::Category c;
  c.id = id;
  c.name = name.empty() ? id : name;
  c.parent = parent;
  c.definition = "About " + id;
  return EncodeCategory(c);
}

TEST(ProjectLayout, EveryPathOfTheFormatHasItsKind) {
  const std::vector<std::pair<std::string, ProjectFileKind>> known = {
      {"taxa.json", ProjectFileKind::kSettings},
      {"taxonomy/categories/billing.refund.json", ProjectFileKind::kCategory},
      {"taxonomy/attributes/urgency.json", ProjectFileKind::kAttribute},
      {"taxonomy/releases/1.2.0-rc.1.json", ProjectFileKind::kRelease},
      {"items/20261204T101010Z-0a1b2c3d/00000.jsonl.zst", ProjectFileKind::kItemShard},
      {"labels/alice@example.com/4f2a9c1e/00000003.jsonl.zst", ProjectFileKind::kLabelSegment},
      {"gold/lead/4f2a9c1e/00000001.jsonl.zst", ProjectFileKind::kGoldSegment},
      {"reviews/rita/4f2a9c1e/00000001.jsonl.zst", ProjectFileKind::kReviewSegment},
      {"calibration/round-1.json", ProjectFileKind::kCalibrationRound},
      {"conflicts/0123456789abcdef0123456789abcdef.json", ProjectFileKind::kConflict},
      {"plans/weekly.json", ProjectFileKind::kPlan},
      {"docs/datasheet.md", ProjectFileKind::kDatasheet},
  };
  for (const auto& [path, kind] : known) {
    Result<ProjectFileKind> got = ClassifyProjectPath(path);
    ASSERT_TRUE(got.ok()) << path << ": " << got.status().message();
    EXPECT_EQ(*got, kind) << path;
  }
  std::optional<SegmentPathParts> parts = ParseSegmentPath("gold/lead/d9/00000001.jsonl.zst");
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->root, "gold");
  EXPECT_EQ(parts->annotator, "lead");
  EXPECT_EQ(parts->device, "d9");
  EXPECT_FALSE(ParseSegmentPath("items/b/00000.jsonl.zst").has_value());
}

TEST(ProjectLayout, PathsOutsideTheFormatAreRefusedNamingThePath) {
  for (const std::string path :
       {"evil.sh", "labels/../x", "labels/alice/dev1/../../../etc.jsonl.zst", "./taxa.json",
        ".git/config", "taxa.json/x", "README.md", "labels/alice/dev1/notes.txt",
        "labels/alice/00000001.jsonl.zst", "labels/.alice/dev1/00000001.jsonl.zst",
        "labels/alice/dev 1/00000001.jsonl.zst", "items/b1/first.jsonl.zst",
        "taxonomy/categories/Bad Id.json", "taxonomy/categories/x.yaml",
        "taxonomy/releases/1.2.json", "taxonomy/other/x.json", "conflicts/abc.json",
        "calibration/-x.json", "docs/other.md", "labels//dev1/00000001.jsonl.zst"}) {
    Result<ProjectFileKind> got = ClassifyProjectPath(path);
    EXPECT_TRUE(Fails(got.status(), StatusCode::kInvalidInput, {path + ": "})) << path;
  }
}

TEST(ProjectLayout, JsonFileStemInvertsTheTaxonomyPaths) {
  EXPECT_EQ(layout::JsonFileStem(CategoryPath("cats"), layout::kCategoriesDir), "cats");
  EXPECT_EQ(layout::JsonFileStem(AttributePath("size"), layout::kAttributesDir), "size");
  EXPECT_EQ(layout::JsonFileStem(ReleasePath("1.2.0"), layout::kReleasesDir), "1.2.0");
  EXPECT_EQ(layout::JsonFileStem("1.2.0.json", ""), "1.2.0");
  EXPECT_EQ(layout::JsonFileStem(CategoryPath("cats"), layout::kAttributesDir), std::nullopt);
  EXPECT_EQ(layout::JsonFileStem("taxonomy/categories/.json", layout::kCategoriesDir),
            std::nullopt);
  EXPECT_EQ(layout::JsonFileStem("taxonomy/categories/a/b.json", layout::kCategoriesDir),
            std::nullopt);
  EXPECT_EQ(layout::JsonFileStem("taxonomy/categories/cats.jsonl", layout::kCategoriesDir),
            std::nullopt);
  EXPECT_EQ(layout::JsonFileStem(".json", ""), std::nullopt);
}

TEST(ProjectFiles, SegmentsMustDecodeWithMatchingIdsInTheirWritersFolder) {
  LabelEvent a = Event("t1", 1), b = Event("t2", 2);
  std::string good = Segment({EncodeEventLine(a), EncodeEventLine(b)});
  EXPECT_TRUE(CheckProjectFile(kSegment, good).ok());

  LabelEvent forged = a;
  forged.item = "t9";  // the id still names t1
  std::string bad = Segment({EncodeEventLine(forged), EncodeEventLine(b)});
  EXPECT_TRUE(Fails(CheckProjectFile(kSegment, bad), StatusCode::kCorrupt,
                    {std::string(kSegment) + ":", "id"}));

  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x01;
  EXPECT_TRUE(Fails(CheckProjectFile(kSegment, flipped), StatusCode::kCorrupt, {kSegment}));

  std::string bobs = Segment({EncodeEventLine(a), EncodeEventLine(Event("t3", 3, "bob"))});
  EXPECT_TRUE(Fails(CheckProjectFile(kSegment, bobs), StatusCode::kCorrupt,
                    {"event of bob on device dev1 in the folder of alice"}));
  // Gold segments follow the same rules under gold/.
  EXPECT_TRUE(Fails(CheckProjectFile("gold/alice/dev1/00000001.jsonl.zst", bad),
                    StatusCode::kCorrupt, {"gold/alice/dev1/00000001.jsonl.zst:"}));
}

TEST(ProjectFiles, AGrowingSegmentDecodesOnlyTheLinesItsParentLacked) {
  LabelEvent a = Event("t1", 1), b = Event("t2", 2);
  LabelEvent forged = Event("t3", 3);
  forged.item = "t4";
  // The parent's version (already checked or our own) is taken as it is...
  std::string before = Segment({EncodeEventLine(a), EncodeEventLine(forged)});
  std::string after = Segment({EncodeEventLine(a), EncodeEventLine(forged), EncodeEventLine(b)});
  EXPECT_TRUE(CheckProjectFile(kSegment, after, before).ok());
  // ...and a line it did not hold is decoded.
  std::string other = Segment({EncodeEventLine(a)});
  EXPECT_TRUE(Fails(CheckProjectFile(kSegment, after, other), StatusCode::kCorrupt, {kSegment}));
}

TEST(ProjectFiles, JsonFilesAndItemShardsMustReadAsTheirKind) {
  EXPECT_TRUE(CheckProjectFile("taxonomy/categories/billing.json", Category("billing")).ok());
  EXPECT_TRUE(Fails(CheckProjectFile("taxonomy/categories/evil.json", "{\"id\": "),
                    StatusCode::kCorrupt, {"taxonomy/categories/evil.json"}));
  // The id inside must be the one the file name promises.
  EXPECT_TRUE(Fails(CheckProjectFile("taxonomy/categories/other.json", Category("billing")),
                    StatusCode::kCorrupt, {"taxonomy/categories/other.json"}));
  EXPECT_TRUE(Fails(CheckProjectFile("taxa.json", "[]"), StatusCode::kCorrupt, {"taxa.json"}));

  Item t1{.id = "t1", .text = "hello"};
  EXPECT_TRUE(CheckProjectFile("items/b/00000.jsonl.zst", EncodeShard({EncodeItemLine(t1)})).ok());
  EXPECT_TRUE(Fails(CheckProjectFile("items/b/00000.jsonl.zst",
                                     EncodeShard({EncodeItemLine(t1), "{\"text\": \"no id\"}"})),
                    StatusCode::kCorrupt, {"items/b/00000.jsonl.zst:2"}));

  EXPECT_TRUE(CheckProjectFile("calibration/r1.json",
                               "{\"name\":\"r1\",\"plan\":\"random\",\"seed\":7,"
                               "\"annotators\":[\"a\"],\"items\":[\"t1\"]}")
                  .ok());
  EXPECT_TRUE(Fails(CheckProjectFile("calibration/r1.json",
                                     "{\"name\":\"r1\",\"plan\":\"random\",\"seed\":-1,"
                                     "\"annotators\":[\"a\"],\"items\":[\"t1\"]}"),
                    StatusCode::kCorrupt, {"calibration/r1.json: field \"seed\""}));
  EXPECT_TRUE(Fails(CheckProjectFile("plans/p.json", "[1]"), StatusCode::kCorrupt,
                    {"plans/p.json: not a JSON object"}));
  EXPECT_TRUE(Fails(CheckProjectFile("docs/datasheet.md", "\xff\xfe"), StatusCode::kCorrupt,
                    {"docs/datasheet.md"}));
  EXPECT_TRUE(Fails(CheckProjectFile("evil.sh", "echo"), StatusCode::kInvalidInput,
                    {"evil.sh: not a path of a Taxa project"}));
}

TEST(ProjectFiles, ATaxonomyMustHoldTogether) {
  std::map<std::string, std::string> files = {
      {"taxonomy/categories/billing.json", Category("billing")},
      {"taxonomy/categories/refund.json", Category("refund", "billing")}};
  EXPECT_TRUE(CheckProjectTaxonomy(files).ok());

  auto cycle = files;
  cycle["taxonomy/categories/billing.json"] = Category("billing", "refund");
  EXPECT_TRUE(Fails(CheckProjectTaxonomy(cycle), StatusCode::kCorrupt,
                    {"taxonomy/categories/", "its parents form a cycle"}));

  auto orphan = files;
  orphan["taxonomy/categories/lost.json"] = Category("lost", "nowhere");
  EXPECT_TRUE(Fails(CheckProjectTaxonomy(orphan), StatusCode::kCorrupt,
                    {"taxonomy/categories/lost.json: parent \"nowhere\" does not exist"}));

  core::Category replaced;
  replaced.id = "old";
  replaced.name = "Old";
  replaced.status = CategoryStatus::kDeprecated;
  replaced.replaced_by = "gone";
  auto dangling = files;
  dangling["taxonomy/categories/old.json"] = EncodeCategory(replaced);
  EXPECT_TRUE(Fails(CheckProjectTaxonomy(dangling), StatusCode::kCorrupt,
                    {"taxonomy/categories/old.json: replacement \"gone\" does not exist"}));

  // Two siblings with one name come out of a legitimate merge (recorded as a
  // conflict for a lead), so they are taken in.
  auto siblings = files;
  siblings["taxonomy/categories/refund2.json"] = Category("refund2", "billing", "refund");
  EXPECT_TRUE(CheckProjectTaxonomy(siblings).ok());

  auto broken = files;
  broken["taxonomy/categories/refund.json"] = "{";
  EXPECT_TRUE(Fails(CheckProjectTaxonomy(broken), StatusCode::kCorrupt,
                    {"taxonomy/categories/refund.json"}));
}

}  // namespace
}  // namespace taxa::core
