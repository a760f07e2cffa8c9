// Importing a delivery of labels (session/label_import.h): one commit, all or
// nothing, twice adds nothing, vendors, retired categories, who may import,
// and a Label Studio export that comes back with the same annotations.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "session/items.h"
#include "session/label_import.h"
#include "session/labeling.h"
#include "session/project.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::app {
namespace {

using taxa::testing::Fails;
using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

class LabelImportSession : public ::testing::Test {
 protected:
  // Categories billing, refund, shipping and old (retired for shipping);
  // items t1..t4; made by "lead".
  void SetUp() override {
    auto p = Project::Create(tmp_ / "p", "Tickets", {.user = "lead"});
    ASSERT_TRUE(p.ok()) << p.status().message();
    project_ = std::move(*p);
    for (const char* id : {"billing", "refund", "shipping", "old"})
      ASSERT_TRUE(TaxonomyEdits(*project_)
                      .Add({.id = id, .name = std::string("N ") + id, .definition = "D."})
                      .ok());
    ASSERT_TRUE(TaxonomyEdits(*project_).Deprecate("old", "shipping").ok());
    ASSERT_TRUE(Items(*project_)
                    .ImportBytes("{\"id\":\"t1\",\"text\":\"a\"}\n{\"id\":\"t2\",\"text\":\"b\"}\n"
                                 "{\"id\":\"t3\",\"text\":\"c\"}\n{\"id\":\"t4\",\"text\":\"d\"}\n",
                                 "items.jsonl", core::ImportFormat::kJsonLines)
                    .ok());
  }

  int Commits() {
    return std::stoi(RunCommand("git -C " + tmp_ / "p" + " rev-list --count HEAD").out);
  }

  // The export, item id -> annotator -> categories.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> Labels() {
    std::map<std::string, std::map<std::string, std::vector<std::string>>> out;
    EXPECT_TRUE(Items(*project_)
                    .Export([&](std::string_view line) {
                      nlohmann::json j = nlohmann::json::parse(line);
                      for (auto& [who, cats] : j["labels"].items())
                        out[j["id"]][who] = cats.get<std::vector<std::string>>();
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  Result<LabelImportReport> Import(const std::string& bytes, const std::string& name,
                                   LabelImportOptions options = {}) {
    return LabelImport(*project_).ImportBytes(bytes, name, options);
  }

  TempDir tmp_;
  std::unique_ptr<Project> project_;
};

const std::string kCsv =
    "t1,w1,billing;refund,2026-01-02T03:04:05Z,12.5\n"
    "t1,w2,shipping,2026-01-02T03:05:00Z\n"
    "t2,w1,shipping\n";

TEST_F(LabelImportSession, ADeliveryOfManyAnnotatorsIsOneCommit) {
  const int before = Commits();
  Result<LabelImportReport> r = Import(kCsv, "crowd.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->rows, 3u);
  EXPECT_EQ(r->added, 3u);
  EXPECT_EQ(r->annotators, 2u);
  EXPECT_EQ(Commits(), before + 1);
  std::string log = RunCommand("git -C " + tmp_ / "p" + " log -1 --format=%B").out;
  EXPECT_NE(log.find("Taxa-Action: labels.import"), std::string::npos) << log;
  auto labels = Labels();
  EXPECT_EQ(labels["t1"]["w1"], (std::vector<std::string>{"billing", "refund"}));
  EXPECT_EQ(labels["t1"]["w2"], (std::vector<std::string>{"shipping"}));
  EXPECT_EQ(labels["t2"]["w1"], (std::vector<std::string>{"shipping"}));
}

TEST_F(LabelImportSession, ImportingTheSameFileTwiceAddsNothing) {
  ASSERT_TRUE(Import(kCsv, "crowd.csv").ok());
  const int after_first = Commits();
  const std::string head = RunCommand("git -C " + tmp_ / "p" + " rev-parse HEAD").out;
  Result<LabelImportReport> again = Import(kCsv + kCsv, "crowd.csv");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->added, 0u);
  EXPECT_EQ(again->already, 6u);
  EXPECT_TRUE(again->commit.empty());
  EXPECT_EQ(Commits(), after_first);
  EXPECT_EQ(RunCommand("git -C " + tmp_ / "p" + " rev-parse HEAD").out, head);
}

TEST_F(LabelImportSession, ABadRowInTheMiddleWritesNothing) {
  const int before = Commits();
  EXPECT_TRUE(Fails(Import("t1,w1,billing\nt9,w1,billing\nt2,w1,billing\n", "crowd.csv").status(),
                    StatusCode::kInvalidInput, {"crowd.csv:2: unknown item \"t9\""}));
  EXPECT_TRUE(Fails(Import("t1,w1,billing\nt2,w1,nope\nt3,w1,billing\n", "crowd.csv").status(),
                    StatusCode::kInvalidInput, {"crowd.csv:2: unknown category \"nope\""}));
  EXPECT_TRUE(Fails(Import("t1,w1,billing\nt2,w1,billing,never\n", "crowd.csv").status(),
                    StatusCode::kInvalidInput, {"crowd.csv:2: field 4 (time)"}));
  EXPECT_EQ(Commits(), before);
  EXPECT_TRUE(Labels().empty());
}

TEST_F(LabelImportSession, ARetiredCategoryIsRefusedNamingItsReplacement) {
  // The message `taxa label` gives for the same category.
  Status label = Labeling(*project_).Label({.item = "t1", .categories = {"old"}}).status();
  EXPECT_TRUE(Fails(Import("t1,w1,billing\nt2,w1,old\n", "crowd.csv").status(),
                    StatusCode::kInvalidInput,
                    {"crowd.csv:2: ", "\"old\" is deprecated; use \"shipping\""}));
  EXPECT_NE(Import("t2,w1,old\n", "crowd.csv").status().message().find(label.message()),
            std::string::npos)
      << label.message();
}

TEST_F(LabelImportSession, TheVendorGetsTheFilesAnnotatorsInTheSameCommit) {
  const int before = Commits();
  Result<LabelImportReport> r = Import(kCsv, "crowd.csv", {.vendor = "acme"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->vendor_added, 2u);
  EXPECT_EQ(Commits(), before + 1);
  nlohmann::json settings = nlohmann::json::parse(ReadText(tmp_ / "p/taxa.json"));
  EXPECT_EQ(settings["vendors"]["acme"], nlohmann::json({"w1", "w2"}));
  EXPECT_EQ(project_->settings().vendors.at("acme").size(), 2u);
  // An annotator has one vendor.
  EXPECT_TRUE(Fails(Import("t3,w2,billing\n", "more.csv", {.vendor = "globex"}).status(),
                    StatusCode::kInvalidInput,
                    {"more.csv: annotator \"w2\" belongs to vendor \"acme\""}));
  EXPECT_EQ(Commits(), before + 1);
}

TEST_F(LabelImportSession, OnlyALeadImports) {
  ASSERT_TRUE(Users(*project_).Add("lead", Role::kLead).ok());
  ASSERT_TRUE(Users(*project_).Add("ben", Role::kAnnotator).ok());
  project_.reset();
  auto as_ben = Project::Open(tmp_ / "p", {.user = "ben"});
  ASSERT_TRUE(as_ben.ok()) << as_ben.status().message();
  EXPECT_TRUE(Fails(LabelImport(**as_ben).ImportBytes(kCsv, "crowd.csv", {}).status(),
                    StatusCode::kPermissionDenied, {"ben", "importing labels needs a lead"}));
}

// Written by hand from Label Studio's documented export format (the JSON of
// annotated tasks: labelstud.io/guide/task_format): tasks with id, data and
// annotations of completed_by, result (choices), created_at and lead_time.
const char* kLabelStudio = R"([
  {"id": 101, "data": {"item": "t1", "text": "a"},
   "annotations": [
     {"id": 1, "completed_by": 10, "was_cancelled": false, "ground_truth": false,
      "result": [{"id": "x1", "from_name": "category", "to_name": "text", "type": "choices",
                  "value": {"choices": ["billing", "refund"]}}],
      "created_at": "2021-03-09T22:16:08.728000Z", "updated_at": "2021-03-09T22:16:09Z",
      "lead_time": 4.288, "task": 101},
     {"id": 2, "completed_by": 11,
      "result": [{"id": "x2", "from_name": "category", "to_name": "text", "type": "choices",
                  "value": {"choices": ["shipping"]}}],
      "created_at": "2021-03-10T08:00:00.000000Z", "lead_time": 2.5, "task": 101}],
   "predictions": []},
  {"id": 102, "data": {"item": "t3", "text": "c"},
   "annotations": [
     {"id": 3, "completed_by": 10,
      "result": [{"id": "x3", "from_name": "category", "to_name": "text", "type": "choices",
                  "value": {"choices": ["shipping"]}}],
      "created_at": "2021-03-11T12:30:15.500000Z", "lead_time": 7, "task": 102}],
   "predictions": []}
])";

// (item, completed_by, sorted choices, created_at, lead_time) of every annotation.
std::set<std::tuple<std::string, nlohmann::json, std::vector<std::string>, std::string, double>>
Annotations(const nlohmann::json& tasks) {
  std::set<std::tuple<std::string, nlohmann::json, std::vector<std::string>, std::string, double>>
      out;
  for (const nlohmann::json& t : tasks)
    for (const nlohmann::json& a : t["annotations"]) {
      auto choices = a["result"][0]["value"]["choices"].get<std::vector<std::string>>();
      std::sort(choices.begin(), choices.end());
      out.insert({t["data"]["item"], a["completed_by"], choices, a["created_at"],
                  a.value("lead_time", 0.0)});
    }
  return out;
}

TEST_F(LabelImportSession, ALabelStudioExportComesBackWithTheSameAnnotations) {
  Result<LabelImportReport> r =
      Import(kLabelStudio, "ls.json", {.format = core::LabelFileFormat::kLabelStudio});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->added, 3u);
  std::string exported;
  ASSERT_TRUE(Items(*project_)
                  .ExportLabelStudio([&](std::string_view text) {
                    exported += text;
                    return Status::Ok();
                  })
                  .ok());
  nlohmann::json back = nlohmann::json::parse(exported);
  ASSERT_TRUE(back.is_array());
  EXPECT_EQ(back.size(), 4u);  // every item is a task, labeled or not
  EXPECT_EQ(Annotations(back), Annotations(nlohmann::json::parse(kLabelStudio)));
  // ... and that export imports as the labels already there.
  Result<LabelImportReport> again =
      Import(exported, "back.json", {.format = core::LabelFileFormat::kLabelStudio});
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->added, 0u);
  EXPECT_EQ(again->already, 3u);
}

}  // namespace
}  // namespace taxa::app
