// The session's JSON encoders (session/json.h): each result's fields, their
// order and what stands for "undefined", written out here by hand from the
// header's contract, so the CLI's --json and the web API can rely on them.
#include "session/json.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace taxa::app {
namespace {

std::string Dump(const nlohmann::ordered_json& j) { return j.dump(); }

AgreeReport Alpha(double value, size_t items, size_t pairable) {
  AgreeReport r;
  r.value = value;
  r.items = items;
  r.pairable_values = pairable;
  return r;
}

TEST(Json, AProjectsStatusHasItsCountsAsObjects) {
  ProjectStatus s{.project = "Tickets", .categories = 3};
  s.counts.items = 6;
  s.counts.labeled_items = 5;
  s.counts.events = 13;
  s.counts.by_annotator = {{"ann", 5}, {"bob", 2}};
  EXPECT_EQ(Dump(ToJson(s)),
            R"({"project":"Tickets","items":6,"labeled_items":5,"events":13,"categories":3,)"
            R"("by_annotator":{"ann":5,"bob":2},"by_category":{}})");
}

TEST(Json, ACoefficientNamesItsMetricLevelAndWeights) {
  AgreeReport plain = Alpha(0.5, 4, 8);
  EXPECT_EQ(Dump(ToJson(plain)),
            R"({"metric":"alpha","level":"nominal","value":0.5,"items":4,"pairable_values":8})");
  plain.ci = std::pair{0.25, 0.75};
  EXPECT_EQ(Dump(ToJson(plain)), R"({"metric":"alpha","level":"nominal","value":0.5,"items":4,)"
                                 R"("pairable_values":8,"ci":[0.25,0.75]})");
  // A weighted kappa is another number than the plain one: the JSON says which.
  AgreeReport weighted = Alpha(0.75, 4, 8);
  weighted.metric = Metric::kCohen;
  weighted.weights = Weights::kQuadratic;
  EXPECT_EQ(Dump(ToJson(weighted)), R"({"metric":"cohen","level":"nominal","weights":"quadratic",)"
                                    R"("value":0.75,"items":4,"pairable_values":8})");
}

TEST(Json, AgreementRowsPutTheirSliceFirstAndNullForUndefined) {
  AgreeRow category{.kind = "category", .slice = "billing", .report = Alpha(0.5, 4, 8)};
  EXPECT_EQ(Dump(ToJson(category)), R"({"category":"billing","metric":"alpha","level":"nominal",)"
                                    R"("value":0.5,"items":4,"pairable_values":8})");
  AgreeRow depth{.kind = "depth", .slice = "2", .report = Alpha(1, 2, 4)};
  EXPECT_EQ(Dump(ToJson(depth)).substr(0, 11), R"({"depth":2,)");
  AgreeRow pair{.kind = "pair", .slice = "ann,bob", .report = Alpha(0.25, 3, 6), .percent = 0.5};
  pair.report.metric = Metric::kCohen;
  EXPECT_EQ(Dump(ToJson(pair)), R"({"annotators":["ann","bob"],"metric":"cohen","level":"nominal",)"
                                R"("value":0.25,"items":3,"pairable_values":6,"percent":0.5})");
  AgreeRow slice{.kind = "source", .slice = "", .report = Alpha(0, 0, 0), .error = "too few"};
  slice.report.ci = std::pair{0.0, 1.0};  // an undefined row has no interval either
  EXPECT_EQ(Dump(ToJson(slice)), R"({"source":"","metric":"alpha","level":"nominal","value":null,)"
                                 R"("items":0,"pairable_values":0,"error":"too few"})");
  AgreeRow overall{.kind = "overall", .report = Alpha(0.5, 4, 8)};
  EXPECT_EQ(Dump(ToJson(overall)),
            R"({"metric":"alpha","level":"nominal","value":0.5,"items":4,"pairable_values":8})");
  EXPECT_EQ(Dump(ToJson(std::vector<AgreeRow>{overall, overall})),
            "[" + Dump(ToJson(overall)) + "," + Dump(ToJson(overall)) + "]");
}

TEST(Json, ConfusionHasTheMatrixByRowsAndItsMostConfusedPairs) {
  AnnotatorConfusion c{.a = "ann", .b = "bob"};
  c.confusion.categories = {"a", "b"};
  c.confusion.counts = {2, 1, 0, 3};
  c.confusion.per_category = {
      {.category = "a", .precision = 1, .recall = 2.0 / 3, .f1 = 0.8, .support = 3},
      {.category = "b", .precision = 0.75, .recall = 1, .f1 = 6.0 / 7, .support = 3}};
  c.confusion.total = 6;
  c.confusion.accuracy = 5.0 / 6;
  c.confusion.macro.f1 = 0.5;
  c.most_confused = {{.a = "a", .b = "b", .a_as_b = 1, .b_as_a = 0, .total = 1, .share = 1.0 / 6}};
  nlohmann::ordered_json j = ToJson(c);
  EXPECT_EQ(Dump(j["matrix"]), "[[2,1],[0,3]]");
  EXPECT_EQ(Dump(j["per_category"][0]),
            R"({"category":"a","precision":1.0,"recall":0.6666666666666666,"f1":0.8,"support":3})");
  EXPECT_EQ(Dump(j["most_confused"]), R"([{"a":"a","b":"b","a_as_b":1,"b_as_a":0,"total":1}])");
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"categories", "matrix", "total", "accuracy",
                                            "per_category", "macro_f1", "most_confused"}));
}

TEST(Json, ConsensusFieldsFollowTheMethod) {
  ConsensusReport majority{.method = ConsensusMethod::kMajority, .ties = 1};
  majority.items = {{.item = "t1", .label = "x", .ratings = 2, .votes = 1, .tied = {"x", "y"}}};
  EXPECT_EQ(Dump(ToJson(majority)),
            R"({"method":"majority","items":[{"item":"t1","label":"x","ratings":2,"votes":1,)"
            R"("tied":["x","y"]}],"ties":1})");
  ConsensusReport ds{.method = ConsensusMethod::kDawidSkene, .iterations = 7, .converged = false};
  ds.items = {{.item = "t1", .label = "y", .ratings = 2, .posterior = 0.5}};
  ds.annotator_accuracy = {{"ann", 0.25}};
  EXPECT_EQ(Dump(ToJson(ds)),
            R"({"method":"dawid-skene","items":[{"item":"t1","label":"y","ratings":2,)"
            R"("posterior":0.5}],"annotators":[{"annotator":"ann","accuracy":0.25}],)"
            R"("iterations":7,"converged":false})");
}

TEST(Json, ARoundIsItsFileWithACountAndBrieflyWithoutItems) {
  CalibrationRound r{.name = "r1",
                     .created = "2026-01-02T03:04:05Z",
                     .created_by = "lead",
                     .commit = std::string(40, 'a'),
                     .taxonomy = "tree:b",
                     .plan = "random",
                     .seed = 9,
                     .annotators = {"ann", "bob"},
                     .items = {"t2", "t3"}};
  const std::string head = R"({"name":"r1","created":"2026-01-02T03:04:05Z","created_by":"lead",)"
                           R"("commit":")" +
                           std::string(40, 'a') +
                           R"(","taxonomy":"tree:b","plan":"random","seed":9,)"
                           R"("annotators":["ann","bob"],)";
  EXPECT_EQ(Dump(ToJson(r)), head + R"("items":["t2","t3"],"item_count":2})");
  EXPECT_EQ(Dump(ToJson(r, JsonDetail::kBrief)), head + R"("item_count":2})");
  EXPECT_EQ(Dump(ToJson(std::vector<CalibrationRound>{r}, JsonDetail::kBrief)),
            "[" + head + R"("item_count":2}])");
}

TEST(Json, ARoundComparisonIsKeyedByTheRoundsNames) {
  RoundComparison c{.first = "may", .second = "june"};
  c.changes = {{.kind = "overall", .first = 0.5, .second = 0.75},
               {.kind = "category", .slice = "billing", .first = std::nullopt, .second = 0.25}};
  EXPECT_EQ(Dump(ToJson(c)), R"([{"overall":true,"may":0.5,"june":0.75,"change":0.25},)"
                             R"({"category":"billing","may":null,"june":0.25,"change":null}])");
}

TEST(Json, ACalibrationReportWithNoLabelsYetStillNamesItsCoefficient) {
  CalibrationReport r;
  r.round.name = "r1";
  r.overall = {{.kind = "overall", .error = "not labeled yet"}};
  r.annotators = {{.annotator = "ann",
                   .labeled = 2,
                   .compared = 2,
                   .disagreements = 1,
                   .disagreement_rate = 0.5}};
  nlohmann::ordered_json j = ToJson(r);
  EXPECT_EQ(Dump(j["overall"]), R"({"metric":"alpha","level":"nominal","value":null,"items":0,)"
                                R"("pairable_values":0,"error":"not labeled yet"})");
  EXPECT_EQ(Dump(j["annotators"]), R"([{"annotator":"ann","labeled":2,"compared":2,)"
                                   R"("disagreements":1,"disagreement_rate":0.5}])");
  EXPECT_EQ(Dump(j["per_category"]), "[]");
  EXPECT_FALSE(j["round"].contains("items"));
}

TEST(Json, TheQualityOverviewSaysNullWhereThereIsNoError) {
  QualityOverview o;
  o.overall_error = "the project has no labels yet";
  o.annotators = {"ann"};
  nlohmann::ordered_json j = ToJson(o);
  EXPECT_TRUE(j["overall"].is_null());
  EXPECT_EQ(j["overall_error"], "the project has no labels yet");
  EXPECT_TRUE(j["breakdown_error"].is_null());
  EXPECT_TRUE(j["standings_error"].is_null());
  EXPECT_EQ(Dump(j["standings"]), R"({"annotators":[],"items":0,"tied_items":0})");
  EXPECT_EQ(j["has_gold"], false);
}

TEST(Json, ItemsLabelsAndProgress) {
  core::ItemRow row{.ord = 4, .item = {.id = "t5", .text = "hello", .meta_json = "{\"k\":\"v\"}"}};
  nlohmann::ordered_json item = ToJson(ItemSummary{.row = row, .mine = true});
  EXPECT_EQ(item["id"], "t5");
  EXPECT_EQ(item["text"], "hello");
  EXPECT_EQ(Dump(item["meta"]), R"({"k":"v"})");
  EXPECT_EQ(item["ord"], 4);
  EXPECT_EQ(item["mine"], true);
  EXPECT_EQ(item["others"], false);

  ItemLabels labels{.withheld = 2, .withheld_why = "blind labeling"};
  EXPECT_EQ(Dump(ToJson(labels)),
            R"({"mine":null,"others":[],"withheld":2,"withheld_why":"blind labeling"})");
  labels.mine = core::CurrentLabel{
      .annotator = "ann", .event_id = "e1", .hlc = 7, .categories = {"x"}, .note = "n",
      .attributes = {{"tone", "calm"}}};
  EXPECT_EQ(Dump(ToJson(labels)["mine"]),
            R"({"annotator":"ann","categories":["x"],"note":"n","event":"e1","hlc":7,)"
            R"("attributes":{"tone":"calm"}})");
  EXPECT_EQ(Dump(ToJson(LabelingProgress{
                .items = 9, .labeled_by_me = 3, .labeled_today = 2, .skipped = 1, .left = 5})),
            R"({"items":9,"labeled_by_me":3,"labeled_today":2,"skipped":1,"left":5})");

  core::LabelEvent e{.id = "ev", .item = "t1", .annotator = "ann", .categories = {"a", "b"}};
  EXPECT_EQ(Dump(ToJson(e)),
            R"({"event":"ev","item":"t1","annotator":"ann","categories":["a","b"]})");
}

TEST(Json, RemotesAndTheirStatus) {
  EXPECT_EQ(Dump(ToJson(std::vector<Remote>{{"origin", "/hub"}})),
            R"([{"name":"origin","url":"/hub"}])");
  RemoteStatus never{.name = "usb", .url = "/media/hub.git", .ahead = 2};
  EXPECT_EQ(Dump(ToJson(never)), R"({"name":"usb","url":"/media/hub.git","tracking":"","ahead":2,)"
                                 R"("behind":0,"last_sync":null})");
  RemoteStatus synced{
      .name = "origin",
      .url = "/hub",
      .tracking = "refs/remotes/origin/main",
      .behind = 1,
      .last_sync = LastSync{.time = 1700000000, .ok = false, .summary = "hub unreachable"}};
  EXPECT_EQ(Dump(ToJson(synced)["last_sync"]),
            R"({"time":1700000000,"ok":false,"summary":"hub unreachable"})");
  SyncReport sync{.remote = "origin",
                  .fetched = "f",
                  .head = "h",
                  .merged = true,
                  .conflicts = 1,
                  .pushed = true,
                  .attempts = 2};
  EXPECT_EQ(Dump(ToJson(sync)),
            R"({"remote":"origin","fetched":"f","head":"h","merged":true,)"
            R"("fast_forward":false,"conflicts":1,"pushed":true,"attempts":2})");
}

TEST(Json, ConflictsShowTheirSidesOnlyInFull) {
  core::MergeConflict c{.id = "c1",
                        .path = "taxonomy/categories/x.json",
                        .field = "name",
                        .kind = "field",
                        .base = "\"X\"",
                        .ours = std::nullopt,
                        .theirs = "not json"};
  EXPECT_EQ(Dump(ToJson(c, JsonDetail::kBrief)),
            R"({"id":"c1","kind":"field","path":"taxonomy/categories/x.json","field":"name"})");
  // A side that is no JSON (a record edited by hand) comes as its text.
  EXPECT_EQ(Dump(ToJson(c)), R"({"id":"c1","kind":"field","path":"taxonomy/categories/x.json",)"
                             R"("field":"name","base":"X","ours":null,"theirs":"not json"})");
  EXPECT_EQ(Dump(ToJson(ResolvedConflict{c, ParseResolution("{\"a\": 1}")})["resolution"]),
            R"("value")");
  EXPECT_EQ(Dump(ToJson(ResolvedConflict{c, ParseResolution("theirs")})["resolution"]),
            R"("theirs")");
}

TEST(Json, SettingsSayNullWhenUnset) {
  EXPECT_EQ(Dump(ToJson(Setting{.key = "taxa.sshKey"})),
            R"({"key":"taxa.sshKey","value":null,"scope":null})");
  EXPECT_EQ(
      Dump(ToJson(Setting{.key = "taxa.caFile",
                          .value = sync::SettingValue{"/ca.pem", sync::SettingScope::kUser}})),
      R"({"key":"taxa.caFile","value":"/ca.pem","scope":"user"})");
}

TEST(Json, RepairNamesQuarantinedFilesByTheirFullPath) {
  RepairOutcome o{.git_dir = "/p/.git", .committed = 2};
  o.repair.source = "origin";
  o.repair.restored = {{.id = "ab", .type = "blob", .paths = {"x"}, .quarantined = "taxa/q/ab"},
                       {.id = "cd", .type = "tree", .paths = {"/"}}};
  o.repair.quarantined = {"taxa/q/ab"};
  o.repair.after.bad = {{.id = "ef", .type = "blob", .problem = sync::ObjectProblem::kMissing}};
  nlohmann::ordered_json j = ToJson(o);
  EXPECT_EQ(j["whole"], false);
  EXPECT_EQ(j["restored"][0]["quarantined"], "/p/.git/taxa/q/ab");
  EXPECT_EQ(j["restored"][1]["quarantined"], "");
  EXPECT_EQ(Dump(j["quarantined"]), R"(["/p/.git/taxa/q/ab"])");
  EXPECT_EQ(j["labels_committed"], 2);
  EXPECT_EQ(j["after"]["bad"][0]["problem"], "missing");
  EXPECT_EQ(Dump(j["before"]),
            R"({"whole":true,"refs":[],"checked":{"commits":0,"trees":0,"blobs":0,"tags":0},)"
            R"("bad":[]})");
}

TEST(Json, BundleReportsShareTheirHead) {
  sync::BundleInfo b{.prerequisites = {"p"},
                     .refs = {{"t", "refs/heads/main"}},
                     .tip = "t",
                     .objects = 3,
                     .bytes = 99,
                     .sha256 = "s",
                     .manifest_checked = true};
  const std::string head = R"({"file":"x.bundle","version":2,"tip":"t","objects":3,"bytes":99,)"
                           R"("sha256":"s","refs":[{"name":"refs/heads/main","id":"t"}],)"
                           R"("prerequisites":["p"],)";
  EXPECT_EQ(Dump(ToJson(BundleVerifyReport{.file = "x.bundle", .bundle = b})),
            head + R"("manifest_checked":true,"prerequisites_checked":false})");
  EXPECT_EQ(Dump(ToJson(BundleCreateReport{
                .file = "x.bundle", .bundle = b, .manifest = "x.bundle.sha256"})),
            head + R"("manifest":"x.bundle.sha256","recorded":""})");
  BundleApplyReport applied{.file = "x.bundle", .bundle = b};
  applied.merge.head = "h";
  applied.merge.fast_forward = true;
  applied.proposals = {"tidy"};
  EXPECT_EQ(Dump(ToJson(applied)),
            head + R"("head":"h","merged":false,"fast_forward":true,"conflicts":0,)"
                   R"("proposals":["tidy"]})");
}

TEST(Json, GoldLabelsAndReports) {
  core::GoldLabel g{.item = "t1",
                    .lead = "lead",
                    .event_id = "e",
                    .hlc = 3,
                    .categories = {"a", "b"},
                    .note = "policy"};
  EXPECT_EQ(Dump(ToJson(g)),
            R"({"item":"t1","categories":["a","b"],"lead":"lead","note":"policy"})");
  GoldReport r{.annotators = {{"ann", 2, 0.5}}};
  nlohmann::ordered_json j = ToJson(r);
  EXPECT_TRUE(j["subject"].is_null()) << "every annotator pooled";
  EXPECT_EQ(Dump(j["annotators"]), R"([{"annotator":"ann","items":2,"accuracy":0.5}])");
  EXPECT_EQ(Dump(ToJson(ImportGoldReport{.records = 2, .commit = "c"})),
            R"({"records":2,"commit":"c"})");
}

TEST(Json, TheTaxonomyValidationAndCloneReports) {
  EXPECT_EQ(Dump(ToJson(TaxonomyCheck{.problems = {"a: cycle"}, .categories = 2})),
            R"({"valid":false,"problems":["a: cycle"]})");
  EXPECT_EQ(Dump(ToJson(CloneReport{.dir = "b", .url = "/hub", .project = "P", .head = "h"})),
            R"({"dir":"b","url":"/hub","project":"P","head":"h"})");
  EXPECT_EQ(Dump(ToJson(ImportReport{.read = 3, .added = 0, .unchanged = 3})),
            R"({"read":3,"added":0,"unchanged":3,"batch":"","commit":""})");
  sync::LogEntry e{.commit = "c",
                   .author = "ann",
                   .email = "ann@x",
                   .time = 5,
                   .subject = "s",
                   .trailers = {{"Taxa-Action", "label"}}};
  EXPECT_EQ(Dump(ToJson(e)), R"({"commit":"c","author":"ann","email":"ann@x","time":5,)"
                             R"("subject":"s","trailers":{"Taxa-Action":"label"}})");
}

}  // namespace
}  // namespace taxa::app
