// What the Label and Items pages use through the API: media files (only from
// the project's media folder, only when the hash matches, never through
// ".." or a symbolic link), the label form's fields and the session's
// verdict on each, progress, skips, the calibration round of an item with
// its blinding, and the items' deprecated and metadata filters.
#include <unistd.h>

#include <filesystem>

#include "session/calibration.h"
#include "session/labeling.h"
#include "session/taxonomy_edits.h"
#include "web/served_project.h"

namespace taxa::testing {
namespace {

using nlohmann::json;

// The SHA-256 of `bytes` as coreutils' sha256sum computes it.
std::string Sha256Sum(const std::string& path) {
  CommandResult r = RunCommand("sha256sum '" + path + "'");
  EXPECT_EQ(r.exit_code, 0);
  return r.out.substr(0, 64);
}

std::string MediaLine(const std::string& id, const std::string& path, const std::string& sha) {
  return json{{"id", id}, {"path", path}, {"sha256", sha}, {"meta", {{"kind", "photo"}}}}.dump();
}

class WebMedia : public ServedProject {
 protected:
  void SetUp() override {
    // Project::Create wants a new folder: the media is staged beside it and
    // moved in once the project exists.
    const std::string media = tmp_ / "staged";
    const std::string outside = tmp_ / "outside";
    std::filesystem::create_directories(media + "/cats");
    std::filesystem::create_directories(outside);
    png_ = "\x89PNG\r\n\x1a\n pretend pixels";
    WriteText(media + "/cats/tom.png", png_);
    WriteText(media + "/cats/changed.png", "the bytes as they are now");
    WriteText(outside + "/secret.png", "the secret next door");
    const std::string secret = Sha256Sum(outside + "/secret.png");
    ASSERT_EQ(::symlink((outside + "/secret.png").c_str(), (media + "/link.png").c_str()), 0);
    ASSERT_EQ(::symlink(outside.c_str(), (media + "/away").c_str()), 0);
    extra_lines_ = {MediaLine("m1", "cats/tom.png", Sha256Sum(media + "/cats/tom.png")),
                    MediaLine("m2", "cats/changed.png", secret),
                    MediaLine("m3", "link.png", secret),
                    MediaLine("m4", "away/secret.png", secret),
                    MediaLine("m5", "cats/none.png", secret)};
    prepare_items_ = [this, media](app::Project&) {
      std::filesystem::rename(media, dir_ + "/media");
    };
  }
  std::string png_;
};

TEST_F(WebMedia, AnImageIsServedOnlyFromTheMediaFolderWhenItsHashMatches) {
  Serve(3);
  httplib::Result ok = Get("/api/v1/media/m1", "ben");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(ok->body, png_);
  EXPECT_EQ(ok->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(ok->get_header_value("X-Content-Type-Options"), "nosniff");

  httplib::Result changed = Get("/api/v1/media/m2", "ben");
  EXPECT_EQ(changed->status, 409);
  EXPECT_NE(changed->body.find("SHA-256"), std::string::npos) << changed->body;
  // A link to a file outside, even one whose hash is the item's, is never followed.
  httplib::Result link = Get("/api/v1/media/m3", "ben");
  EXPECT_EQ(link->status, 404);
  EXPECT_NE(link->body.find("symbolic link"), std::string::npos) << link->body;
  EXPECT_EQ(link->body.find("secret next door"), std::string::npos);
  httplib::Result away = Get("/api/v1/media/m4", "ben");
  EXPECT_EQ(away->status, 404) << away->body;
  EXPECT_EQ(away->body.find("secret next door"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/media/m5", "ben")->status, 404);
  httplib::Result text = Get("/api/v1/media/t1", "ben");
  EXPECT_EQ(text->status, 404);
  EXPECT_NE(text->body.find("has no media file"), std::string::npos) << text->body;
  // Traversal in the request names no item.
  for (const char* path : {"/api/v1/media/..%2F..%2Foutside%2Fsecret.png",
                           "/api/v1/media/%2e%2e%2fitems.jsonl", "/api/v1/media/%252e%252e%252fetc",
                           "/api/v1/media/../../outside/secret.png"}) {
    httplib::Result r = Get(path, "ben");
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path << ": " << r->body;
    EXPECT_EQ(r->body.find("secret next door"), std::string::npos) << path;
  }
  EXPECT_EQ(Client().Get("/api/v1/media/m1")->status, 401) << "a token is needed";

  // The items page shows where the file is and the metadata filter finds it.
  httplib::Result page = Get("/api/v1/items?meta_key=kind&meta_value=photo", "ben");
  ASSERT_EQ(page->status, 200) << page->body;
  json items = json::parse(page->body)["items"];
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0]["id"], "m1");
  EXPECT_EQ(items[0]["media"]["path"], "cats/tom.png");
  EXPECT_EQ(Get("/api/v1/items?meta_value=photo", "ben")->status, 400);
}

class WebLabelPage : public ServedProject {};

TEST_F(WebLabelPage, TheFormGivesEachCategorysAttributesAndTheSessionsMessagePerField) {
  prepare_items_ = [](app::Project& p) {
    app::TaxonomyEdits edits(p);
    ASSERT_TRUE(edits.AddAttribute({.id = "tone", .name = "Tone", .type = core::AttributeType::kEnum,
                                    .values = {"calm", "angry"}})
                    .ok());
    ASSERT_TRUE(edits.AddAttribute({.id = "amount", .name = "Amount", .type = core::AttributeType::kNumber})
                    .ok());
    ASSERT_TRUE(edits.Edit("billing", {.add_attributes = {"tone"}}).ok());
    ASSERT_TRUE(edits.Edit("billing.refund", {.add_attributes = {"amount"}}).ok());
  };
  Serve(4);
  httplib::Result form = Get("/api/v1/labels/form", "ben");
  ASSERT_EQ(form->status, 200) << form->body;
  json schema = json::parse(form->body);
  EXPECT_EQ(schema["by_category"]["billing"], json::array({"tone"}));
  EXPECT_EQ(schema["by_category"]["billing.refund"], json::array({"tone", "amount"}));
  EXPECT_EQ(schema["by_category"]["shipping"], json::array());
  ASSERT_EQ(schema["attributes"].size(), 2u);

  const std::string bad =
      R"({"item":"t1","categories":["billing.refund"],"attributes":{"tone":"furious","amount":"12,50"}})";
  httplib::Result check = Post("/api/v1/labels/check", bad, "ben");
  ASSERT_EQ(check->status, 200) << check->body;
  json verdict = json::parse(check->body);
  EXPECT_EQ(verdict["ok"], false);
  EXPECT_EQ(verdict["fields"]["tone"], "attribute \"tone\": value \"furious\" is not one of calm, angry");
  EXPECT_EQ(verdict["fields"]["amount"], "attribute \"amount\": value \"12,50\" is not a number");
  // The label itself is refused with the words the check gave first.
  httplib::Result refused = Post("/api/v1/labels", bad, "ben");
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(json::parse(refused->body)["error"]["message"], verdict["error"]);

  const std::string good =
      R"({"item":"t1","categories":["billing.refund"],"attributes":{"tone":"calm","amount":"12.50"}})";
  EXPECT_EQ(json::parse(Post("/api/v1/labels/check", good, "ben")->body)["ok"], true);
  ASSERT_EQ(Post("/api/v1/labels", good, "ben")->status, 201);
  json mine = json::parse(Get("/api/v1/items/t1", "ben")->body)["labels"]["mine"];
  EXPECT_EQ(mine["attributes"], (json{{"amount", "12.50"}, {"tone", "calm"}}));
}

TEST_F(WebLabelPage, ProgressSkipsAndTheRoundBannerWithOthersLabelsHiddenUntilILabel) {
  prepare_items_ = [](app::Project& p) {
    ASSERT_TRUE(app::Calibration(p).Start({.name = "r1", .items = 2, .annotators = {"ben", "cy"}}).ok());
  };
  Serve(6);
  ASSERT_EQ(Post("/api/v1/labels", R"({"item":"t1","categories":["shipping"]})", "cy")->status, 201);
  httplib::Result rounds = Get("/api/v1/items/t1", "ben");
  ASSERT_EQ(rounds->status, 200);
  json t1 = json::parse(rounds->body);
  // Which items the round drew is the seed's: find one of them through the banner.
  std::string in_round = t1["round"].is_null() ? "" : "t1";
  for (int i = 2; in_round.empty() && i <= 6; ++i) {
    json item = json::parse(Get("/api/v1/items/t" + std::to_string(i), "ben")->body);
    if (!item["round"].is_null()) in_round = "t" + std::to_string(i);
  }
  ASSERT_FALSE(in_round.empty()) << "no item shows the round";
  if (in_round != "t1") {
    ASSERT_EQ(Post("/api/v1/labels", R"({"item":")" + in_round + R"(","categories":["shipping"]})", "cy")
                  ->status,
              201);
  }
  json item = json::parse(Get("/api/v1/items/" + in_round, "ben")->body);
  EXPECT_EQ(item["round"]["round"]["name"], "r1");
  EXPECT_EQ(item["round"]["labeled"], 0);
  EXPECT_EQ(item["labels"]["others"], json::array()) << "cy's label is hidden from ben";
  EXPECT_EQ(item["labels"]["withheld"], 1);
  EXPECT_NE(item["labels"]["withheld_why"].get<std::string>().find("calibration round r1"), std::string::npos);
  EXPECT_TRUE(json::parse(Get("/api/v1/items/" + in_round, "al")->body)["round"].is_null())
      << "al is not in the round";
  ASSERT_EQ(Post("/api/v1/labels", R"({"item":")" + in_round + R"(","categories":["billing"]})", "ben")->status,
            201);
  item = json::parse(Get("/api/v1/items/" + in_round, "ben")->body);
  EXPECT_EQ(item["round"]["labeled"], 1);
  ASSERT_EQ(item["labels"]["others"].size(), 1u) << "once ben labeled it, cy's label shows";
  EXPECT_EQ(item["labels"]["others"][0]["annotator"], "cy");

  // Progress: ben labeled one item today; one skipped; the rest is his queue.
  const std::string other = in_round == "t6" ? "t5" : "t6";
  ASSERT_EQ(Post("/api/v1/skips", R"({"item":")" + other + R"("})", "ben")->status, 200);
  EXPECT_EQ(Post("/api/v1/skips", R"({"item":"nope"})", "ben")->status, 404);
  json progress = json::parse(Get("/api/v1/progress", "ben")->body);
  EXPECT_EQ(progress["items"], 6);
  EXPECT_EQ(progress["labeled_by_me"], 1);
  EXPECT_EQ(progress["labeled_today"], 1);
  EXPECT_EQ(progress["skipped"], 1);
  EXPECT_EQ(progress["left"], 4);
  json skipped = json::parse(Get("/api/v1/items?state=skipped", "ben")->body)["items"];
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0]["id"], other);
}

TEST_F(WebLabelPage, TheDeprecatedStateListsItemsLabeledWithADeprecatedCategory) {
  prepare_items_ = [](app::Project& p) {
    ASSERT_TRUE(app::Labeling(p)
                    .LabelMany({{.item = "t2", .categories = {"shipping"}, .annotator = "ben"},
                                {.item = "t3", .categories = {"billing"}, .annotator = "ben"}})
                    .ok());
    ASSERT_TRUE(app::TaxonomyEdits(p).Deprecate("shipping", "billing").ok());
  };
  Serve(4);
  json found = json::parse(Get("/api/v1/items?state=deprecated", "ana")->body)["items"];
  ASSERT_EQ(found.size(), 1u) << found.dump();
  EXPECT_EQ(found[0]["id"], "t2");
  EXPECT_EQ(json::parse(Get("/api/v1/items?state=deprecated", "cy")->body)["items"].size(), 0u)
      << "cy has labeled nothing: ben's labels stay hidden from her";
  EXPECT_EQ(Get("/api/v1/items?state=old", "ana")->status, 400);
}

}  // namespace
}  // namespace taxa::testing
