// A bulk label import (session/label_import.h) as the fast path writes it:
// segments sealed side by side are byte for byte what sealing one writer
// after another gives, the commit of hundreds of segments is one pack git
// reads, and repeated rows are told apart field by field.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "session/items.h"
#include "session/label_import.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"
#include "support/test_support.h"
#include "taxa/core/label_event.h"
#include "taxa/core/segment_writer.h"

namespace taxa::app {
namespace {

using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

class LabelImportBulk : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = Project::Create(tmp_ / "p", "Tickets", {.user = "lead"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    project_ = std::move(*p);
    for (const char* id : {"billing", "refund", "shipping"})
      ASSERT_TRUE(TaxonomyEdits(*project_)
                      .Add({.id = id, .name = std::string("N ") + id, .definition = "D."})
                      .ok());
    ASSERT_TRUE(Items(*project_)
                    .ImportBytes("{\"id\":\"t1\",\"text\":\"a\"}\n{\"id\":\"t2\",\"text\":\"b\"}\n"
                                 "{\"id\":\"t3\",\"text\":\"c\"}\n",
                                 "items.jsonl", core::ImportFormat::kJsonLines)
                    .ok());
  }

  Result<LabelImportReport> Import(const std::string& bytes) {
    return LabelImport(*project_).ImportBytes(bytes, "crowd.csv", {});
  }

  std::string Git(const std::string& args) {
    return RunCommand("git -C " + tmp_ / "p" + " " + args).out;
  }

  TempDir tmp_;
  std::unique_ptr<Project> project_;
};

TEST_F(LabelImportBulk, SegmentsSealedSideBySideAreTheBytesOfSealingOneWriterAtATime) {
  // 300 annotators: more segments than a commit writes loose (a pack).
  const char* cats[] = {"billing", "refund", "shipping", "billing;refund"};
  std::string csv;
  for (int w = 0; w < 300; ++w)
    for (int t = 1; t <= 3; ++t)
      csv += "t" + std::to_string(t) + ",w" + std::to_string(w) + "," + cats[(w + t) % 4] + "," +
             std::to_string(1767225600 + w * 10 + t) + "," + std::to_string(w % 7) + "\n";
  Result<LabelImportReport> r = Import(csv);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->added, 900u);
  EXPECT_EQ(r->annotators, 300u);

  EXPECT_EQ(RunCommand("git -C " + tmp_ / "p" + " fsck --full --strict 2>&1").exit_code, 0);
  EXPECT_EQ(Git("status --porcelain"), "");
  for (int w = 0; w < 300; ++w) {
    const std::string folder = "labels/w" + std::to_string(w) + "/import/";
    const std::string path = folder + "00000001.jsonl.zst";
    const std::string stored = ReadText(tmp_ / "p/" + path);  // the work tree follows HEAD
    std::vector<core::LabelEvent> events;
    ASSERT_TRUE(core::ForEachSegmentEvent(stored, path, [&](core::LabelEvent& e) {
                  events.push_back(e);
                  return Status::Ok();
                }).ok())
        << path;
    ASSERT_EQ(events.size(), 3u) << path;
    // The serial writer, one folder on its own, from the same events.
    Result<std::vector<core::SegmentFile>> alone = core::AppendEvents(folder, std::nullopt, events);
    ASSERT_TRUE(alone.ok()) << alone.status().message();
    ASSERT_EQ(alone->size(), 1u);
    EXPECT_EQ((*alone)[0].path, path);
    EXPECT_EQ((*alone)[0].bytes, stored) << path;
  }
  // And a second delivery on top (open segments merged) still reads back whole.
  std::string more;
  for (int w = 0; w < 300; ++w)
    more += "t1,w" + std::to_string(w) + ",refund," + std::to_string(1767300000 + w) + ",1\n";
  Result<LabelImportReport> again = Import(more);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->added, 300u);
  EXPECT_EQ(RunCommand("git -C " + tmp_ / "p" + " fsck --full --strict 2>&1").exit_code, 0);
  size_t lines = 0;
  for (int w = 0; w < 300; ++w) {
    const std::string path = "labels/w" + std::to_string(w) + "/import/00000001.jsonl.zst";
    ASSERT_TRUE(core::ForEachSegmentEvent(ReadText(tmp_ / "p/" + path), path,
                                          [&](core::LabelEvent&) {
                                            ++lines;
                                            return Status::Ok();
                                          })
                    .ok());
  }
  EXPECT_EQ(lines, 1200u);
}

TEST_F(LabelImportBulk, ARowIsRepeatedOnlyWhenEveryFieldOfTheLabelIsTheSame) {
  const std::string csv =
      "t1,w1,billing,2026-01-02T03:04:05Z,12.5\n"
      "t1,w1,billing,2026-01-02T03:04:05Z,12.5\n"        // the row again: left out
      "t1,w1,billing,2026-01-02T03:04:05Z,13\n"          // another time spent
      "t1,w1,billing,2026-01-02T03:04:06Z,12.5\n"        // another time
      "t1,w1,refund;billing,2026-01-02T03:04:05Z,12.5\n" // other categories
      "t1,w1,billing;refund,2026-01-02T03:04:05Z,12.5\n" // the same set: left out
      "t1,W1,billing,2026-01-02T03:04:05Z,12.5\n"        // the same annotator: left out
      "t1,w2,billing,2026-01-02T03:04:05Z,12.5\n"        // another annotator
      "t2,w1,billing,2026-01-02T03:04:05Z,12.5\n";       // another item
  Result<LabelImportReport> r = Import(csv);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rows, 9u);
  EXPECT_EQ(r->added, 6u);
  EXPECT_EQ(r->already, 3u);
  // Imported again (in another order): every row is there already.
  const std::string head = Git("rev-parse HEAD");
  std::string reversed;
  for (size_t end = csv.size(); end > 0;) {
    size_t begin = csv.rfind('\n', end - 2);
    begin = begin == std::string::npos ? 0 : begin + 1;
    reversed += csv.substr(begin, end - begin);
    end = begin;
  }
  Result<LabelImportReport> again = Import(reversed);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->added, 0u);
  EXPECT_EQ(again->already, 9u);
  EXPECT_EQ(Git("rev-parse HEAD"), head);
}

}  // namespace
}  // namespace taxa::app
