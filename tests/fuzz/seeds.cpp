// fuzz_seeds DIR: writes the seed inputs of every fuzz target to
// DIR/<target>/, made by Taxa's own encoders (so the fuzzer starts from what
// real files look like) and from the demo project's files. The kept corpus in
// tests/fuzz/corpus/ began as this output, minimized with libFuzzer's -merge.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.h"
#include "taxa/core/calibration_round.h"
#include <nlohmann/json.hpp>

#include "taxa/core/item.h"
#include "taxa/core/journal.h"
#include "taxa/core/label_event.h"
#include "taxa/core/release.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/bundle.h"
#include "taxa/sync/repository.h"

namespace {

namespace fs = std::filesystem;
using namespace taxa;
using namespace taxa::core;

fs::path g_out;

void Write(const std::string& target, const std::string& name, const std::string& bytes) {
  fs::create_directories(g_out / target);
  std::ofstream(g_out / target / name, std::ios::binary) << bytes;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string Parts(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += fuzz::kPartSeparator;
    out += parts[i];
  }
  return out;
}

std::vector<LabelEvent> Events() {
  std::vector<LabelEvent> events(4);
  events[0] = {.item = "T-1",
               .annotator = "ana",
               .device = "d1",
               .hlc = 1700000000000,
               .taxonomy = "tree:0123abcd",
               .categories = {"billing"}};
  events[1] = {.item = "T-2",
               .annotator = "ben",
               .device = "laptop",
               .hlc = 1700000000123,
               .taxonomy = "1.2.0",
               .categories = {"billing.refund", "account"},
               .attributes = {{"severity", "high"}, {"refund_amount", "12.50"}},
               .note = "caf\xC3\xA9 \"quoted\"\ttab\n",
               .duration_ms = 4200};
  events[2] = {.item = "T-1",
               .annotator = "ana",
               .device = "d1",
               .hlc = 1700000000999,
               .taxonomy = "tree:0123abcd",
               .categories = {}};
  events[3] = {.item = "T-3",
               .annotator = "lead",
               .device = "d2",
               .hlc = 42,
               .categories = {"shipping"},
               .retracts = {"00112233445566778899aabbccddeeff"}};
  for (LabelEvent& e : events) SealEvent(e);
  return events;
}

std::vector<Item> Items() {
  std::vector<Item> items(3);
  items[0] = {
      .id = "T-1", .text = "My card was charged twice", .meta_json = R"({"channel":"email"})"};
  items[1] = {.id = "img-7", .media_path = "media/7.png", .media_sha256 = std::string(64, 'a')};
  items[2] = {.id = "T-\xE2\x82\xAC",
              .text = "line\nbreak \\ and \"quotes\"",
              .meta_json = R"({"a":[1,-2,{"b":null}],"z":true})"};
  return items;
}

void JsonScanSeeds(const std::vector<LabelEvent>& events, const std::vector<Item>& items) {
  Write("json_scan", "event", EncodeEventLine(events[1]));
  Write("json_scan", "item", EncodeItemLine(items[2]));
  Write("json_scan", "string-escapes", R"("a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00")");
  Write("json_scan", "numbers", "[0,-0,1.5,-2e10,3E-2,18446744073709551615,1e400]");
  Write("json_scan", "uint", "18446744073709551615");
  Write("json_scan", "strings", R"([ "a" , "\u0000" , "" ])");
  Write("json_scan", "nested", R"({"a":{"b":[true,false,null,{"c":[]}]},"d":{}})");
  Write("json_scan", "spaced", " \t\r\n{ \"k\" : [ 1 , 2 ] }\n");
  Write("json_scan", "utf8", "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
}

void EventSeeds(const std::vector<LabelEvent>& events) {
  for (size_t i = 0; i < events.size(); ++i)
    Write("event_line", "sealed-" + std::to_string(i), EncodeEventLine(events[i]));
  // The same event written by another tool: keys sorted, spaces, escapes.
  nlohmann::json j = nlohmann::json::parse(EncodeEventLine(events[1]));
  Write("event_line", "sorted-keys", j.dump());
  Write("event_line", "ascii-escapes", j.dump(-1, ' ', true));
  std::string spaced =
      "{ \"id\" : \"" + events[0].id + "\" ,\"item\":\"T-1\", \"annotator\":\"ana\"," +
      " \"device\":\"d1\", \"hlc\" : 1700000000000, \"taxonomy\":\"tree:0123abcd\"," +
      " \"categories\" : [ \"billing\" ], \"extra\": {\"x\": [1.5e3, null]} }";
  Write("event_line", "spaced-unknown-field", spaced);
}

void ItemSeeds(const std::vector<Item>& items) {
  for (size_t i = 0; i < items.size(); ++i)
    Write("item_line", "encoded-" + std::to_string(i), EncodeItemLine(items[i]));
  Write("item_line", "hand-written",
        R"({ "meta": {"z": 1, "a": "x"}, "text": "hello", "id": 17 })"
        "\n"
        R"({"id":"m1","path":"media/1.jpg","sha256":")" +
            std::string(64, 'b') + "\"}\r\n\n" +
            R"({"id":-3,"text":null,"media":{"path":"a.wav","sha256":")" + std::string(64, 'c') +
            "\"}}\n");
  Write("item_line", "repeat", EncodeItemLine(items[0]) + "\n" + EncodeItemLine(items[0]) + "\n");
  // The first lines of the demo project's items.
  std::ifstream demo(fs::path(TAXA_DEMO_DIR) / "items.jsonl");
  std::string lines, line;
  for (int i = 0; i < 3 && std::getline(demo, line); ++i) lines += line + "\n";
  Write("item_line", "demo", lines);
}

void SegmentSeeds(const std::vector<LabelEvent>& events, const std::vector<Item>& items) {
  std::vector<std::string> a, b;
  for (size_t i = 0; i < events.size(); ++i) (i < 3 ? a : b).push_back(EncodeEventLine(events[i]));
  b.push_back(EncodeEventLine(events[0]));
  Write("label_segment", "two-sides", Parts({Join(a), Join(b)}));
  Write("label_segment", "one-side", Join(a));
  std::vector<std::string> lines;
  for (const Item& i : items) lines.push_back(EncodeItemLine(i));
  Write("shard_frame", "items", EncodeShard(lines));
  Write("shard_frame", "events", EncodeShard(a));
  Write("shard_frame", "empty", EncodeShard({}));
}

void JournalSeeds(const std::vector<LabelEvent>& events) {
  const std::string path = fuzz::ScratchDir() + "/seed-journal";
  {
    Result<Journal> j = Journal::Open(path);
    if (!j.ok() || !j->Append({EncodeEventLine(events[0]), EncodeEventLine(events[1])}).ok()) {
      std::fprintf(stderr, "fuzz_seeds: cannot write a journal\n");
      std::exit(1);
    }
  }
  const std::string intact = ReadAll(path);
  Write("journal", "two-records", intact);
  Write("journal", "torn-tail", intact + intact.substr(0, 30));
  Write("journal", "bad-checksum", "0123456789abcdef {}\n" + intact);
}

void TaxonomySeeds() {
  Category billing{.id = "billing",
                   .name = "Billing",
                   .definition = "Charges and refunds.",
                   .include = {"double charge"},
                   .exclude = {"shipping fees"},
                   .examples = {"I was charged twice"},
                   .near_misses = {"Where is my parcel?"},
                   .attributes = {"severity"}};
  Category refund{.id = "billing.refund",
                  .name = "Refund",
                  .parent = "billing",
                  .status = CategoryStatus::kDeprecated,
                  .replaced_by = "billing",
                  .definition = "Old.",
                  .sensitive = true};
  Attribute severity{.id = "severity",
                     .name = "Severity",
                     .type = AttributeType::kEnum,
                     .values = {"low", "high"},
                     .description = "How urgent."};
  Write("taxonomy", "category", EncodeCategory(billing));
  Write("taxonomy", "files",
        Parts({CategoryPath("billing") + "\n" + EncodeCategory(billing),
               CategoryPath("billing.refund") + "\n" + EncodeCategory(refund),
               AttributePath("severity") + "\n" + EncodeAttribute(severity)}));
  // The demo's one-document form, cut to a few categories.
  nlohmann::ordered_json doc =
      nlohmann::ordered_json::parse(ReadAll(fs::path(TAXA_DEMO_DIR) / "taxonomy.json"));
  nlohmann::ordered_json small;
  small["attributes"] = nlohmann::ordered_json::array();
  small["categories"] = nlohmann::ordered_json::array();
  for (size_t i = 0; i < 1 && i < doc["attributes"].size(); ++i)
    small["attributes"].push_back(doc["attributes"][i]);
  for (size_t i = 0; i < 3 && i < doc["categories"].size(); ++i)
    small["categories"].push_back(doc["categories"][i]);
  Write("taxonomy", "document", small.dump(1));
}

void SettingsSeeds() {
  ProjectSettings s{.id = "p-12345",
                    .name = "Support tickets",
                    .created = "2026-01-02T03:04:05Z",
                    .roles = {{"ana", {"lead"}}, {"ben", {"annotator"}}, {"cy", {"annotator", "compliance"}}},
                    .quality_targets_json = R"({"alpha":0.8})",
                    .vendors = {{"acme", {"ben", "cy"}}, {"globex", {"dee"}}}};
  Write("settings", "full", EncodeSettings(s));
  Write("settings", "minimal", R"({"format": 1, "id": "x", "name": "n"})");
}

void ReleaseSeeds() {
  ReleaseManifest m{.version = "1.2.0",
                    .released = "2026-01-02T03:04:05Z",
                    .released_by = "ana",
                    .commit = std::string(40, 'a'),
                    .previous = "1.1.0-rc.1",
                    .changelog = "Split billing.",
                    .approvals = {"ana", "ben"},
                    .categories = 12,
                    .deprecated = 1};
  m.changes.added = {"billing.refund"};
  m.changes.renamed = {{"billing", "Billing & payments"}};
  m.changes.moved = {{"shipping", ""}};
  m.changes.deprecated = {{"old", "billing"}};
  m.migration = {{"old", "billing"}};
  Write("release", "full", ReleasePath(m.version) + "\n" + EncodeRelease(m));
  Write("release", "prerelease",
        ReleasePath("2.0.0-rc.1") + "\n" +
            R"({"version": "2.0.0-rc.1", "commit": "c", "previous": null, "changes": null})");
}

void RoundSeeds() {
  core::CalibrationRound r{.name = "r1",
                          .created = "2026-01-02T03:04:05Z",
                          .created_by = "ana",
                          .commit = std::string(40, 'b'),
                          .taxonomy = "tree:abc",
                          .plan = "stratified:channel",
                          .seed = 18446744073709551615ull,
                          .annotators = {"ana", "ben"},
                          .items = {"T-1", "T-2"}};
  Write("calibration_round", "full", core::EncodeRound(r));
}

void CsvSeeds() {
  Write("csv", "items",
        "id,text,channel\nT-1,\"Charged twice, please help\",email\r\n"
        "T-2,\"He said \"\"hi\"\"\nthen left\",\n\n");
  Write("csv", "media",
        "\xEF\xBB\xBFid,path,sha256,text\nimg-1,media/1.png," + std::string(64, 'd') +
            ",\nT-9,,,plain\n");
  Write("csv", "errors", "a,b\n\"open\n");
  Write("ratings_file", "csv-category",
        "#csv category\nitem,annotator,value\nd1,ana,yes\nd1,ben,no\n");
  Write("ratings_file", "csv-labels",
        "#csv labels\nvalue,item,annotator\n\"a; b\",d1,ana\n;,d2,ana\n");
  Write("ratings_file", "jsonl-number",
        "#jsonl number\n{\"item\":\"d1\",\"annotator\":\"ana\",\"value\":1.5}\n"
        "{\"item\":2,\"annotator\":\"ben\",\"value\":\"3\"}\n{\"item\":\"d3\",\"annotator\":"
        "\"ana\",\"value\":null}\n");
  Write("ratings_file", "jsonl-labels",
        "#jsonl labels\n{\"item\":\"d1\",\"annotator\":\"ana\",\"value\":[\"a\",\"b\"]}\n");
}

void BundleSeeds() {
  const std::string dir = fuzz::ScratchDir() + "/seed-repo";
  Result<sync::Repository> repo = sync::Repository::Init(dir);
  if (!repo.ok()) {
    std::fprintf(stderr, "fuzz_seeds: %s\n", repo.status().message().c_str());
    std::exit(1);
  }
  Result<std::string> first =
      repo->Commit({{"taxa.json", std::string("{}\n")}}, {.subject = "one"});
  Result<std::string> second = repo->Commit({{"a.txt", std::string("a\n")}}, {.subject = "two"});
  const std::string whole = fuzz::ScratchDir() + "/whole.bundle";
  const std::string thin = fuzz::ScratchDir() + "/thin.bundle";
  if (!first.ok() || !second.ok() || !sync::CreateBundle(*repo, whole, {}).ok() ||
      !sync::CreateBundle(*repo, thin, {*first}).ok()) {
    std::fprintf(stderr, "fuzz_seeds: cannot make bundles\n");
    std::exit(1);
  }
  Write("bundle_header", "whole", ReadAll(whole));
  Write(
      "bundle_header", "thin-with-manifest",
      ReadAll(thin) + std::string(fuzz::kPartSeparator) + ReadAll(sync::BundleManifestPath(thin)));
  std::string v3 = ReadAll(whole);
  v3.replace(0, std::string("# v2 git bundle\n").size(), "# v3 git bundle\n@object-format=sha1\n");
  Write("bundle_header", "v3", v3);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds DIR\n");
    return 2;
  }
  g_out = argv[1];
  const std::vector<LabelEvent> events = Events();
  const std::vector<Item> items = Items();
  JsonScanSeeds(events, items);
  EventSeeds(events);
  ItemSeeds(items);
  SegmentSeeds(events, items);
  JournalSeeds(events);
  TaxonomySeeds();
  SettingsSeeds();
  ReleaseSeeds();
  RoundSeeds();
  CsvSeeds();
  BundleSeeds();
  return 0;
}
