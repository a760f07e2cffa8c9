#include "taxa/core/taxonomy_codec.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/status_matchers.h"

#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace taxa::core {
namespace {

using taxa::testing::Fails;

// A taxonomy that uses every field of categories and attributes.
Taxonomy Rich() {
  Attribute urgency{.id = "urgency", .name = "Urgency", .type = AttributeType::kEnum,
                    .values = {"low", "high"}, .description = "How soon"};
  Attribute amount{.id = "amount", .name = "Amount", .type = AttributeType::kNumber};
  Attribute note{.id = "note", .name = "Note", .type = AttributeType::kText,
                 .description = "Free text with \"quotes\" and\nnewlines, caf\xC3\xA9"};
  Category billing{.id = "billing", .name = "Billing", .definition = "Money matters",
                   .attributes = {"urgency"}};
  Category refund{.id = "billing.refund",
                  .name = "Refund",
                  .parent = "billing",
                  .definition = "Asks for money back",
                  .include = {"asks for a refund", "wants a chargeback"},
                  .exclude = {"a price question"},
                  .examples = {"Please refund my order #12"},
                  .near_misses = {"How much is a refund fee?"},
                  .attributes = {"amount", "note"},
                  .sensitive = true};
  Category old{.id = "billing.old", .name = "Old refund", .parent = "billing",
               .status = CategoryStatus::kDeprecated, .replaced_by = "billing.refund",
               .definition = "Retired"};
  Category draft{.id = "shipping", .name = "Shipping", .status = CategoryStatus::kDraft};
  return Taxonomy::FromParts({billing, refund, old, draft}, {urgency, amount, note});
}

TEST(TaxonomyCodec, PathsFollowTheLayout) {
  EXPECT_EQ(CategoryPath("billing.refund"), "taxonomy/categories/billing.refund.json");
  EXPECT_EQ(AttributePath("urgency"), "taxonomy/attributes/urgency.json");
}

TEST(TaxonomyCodec, EncodeThenDecodeGivesTheSameTaxonomy) {
  Taxonomy t = Rich();
  std::map<std::string, std::string> files = EncodeTaxonomy(t);
  std::vector<std::string> paths;
  for (const auto& [path, bytes] : files) paths.push_back(path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "taxonomy/attributes/amount.json", "taxonomy/attributes/note.json",
                       "taxonomy/attributes/urgency.json", "taxonomy/categories/billing.json",
                       "taxonomy/categories/billing.old.json",
                       "taxonomy/categories/billing.refund.json",
                       "taxonomy/categories/shipping.json"}));

  Result<Taxonomy> back = DecodeTaxonomy(files);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->categories(), t.categories());
  EXPECT_EQ(back->attributes(), t.attributes());

  // Each file on its own too.
  for (const auto& [id, c] : t.categories()) {
    Result<Category> one = DecodeCategory(EncodeCategory(c), CategoryPath(id));
    ASSERT_TRUE(one.ok()) << one.status().message();
    EXPECT_EQ(*one, c);
  }
  for (const auto& [id, a] : t.attributes()) {
    Result<Attribute> one = DecodeAttribute(EncodeAttribute(a), AttributePath(id));
    ASSERT_TRUE(one.ok()) << one.status().message();
    EXPECT_EQ(*one, a);
  }
}

TEST(TaxonomyCodec, EncodingAnUnchangedTaxonomyTwiceGivesIdenticalBytes) {
  std::map<std::string, std::string> first = EncodeTaxonomy(Rich());
  EXPECT_EQ(EncodeTaxonomy(Rich()), first);
  Result<Taxonomy> back = DecodeTaxonomy(first);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(EncodeTaxonomy(*back), first);
}

TEST(TaxonomyCodec, CategoryFileHasAFixedKeyOrderAndOneFieldPerLine) {
  Category refund{.id = "billing.refund",
                  .name = "Refund",
                  .parent = "billing",
                  .definition = "Asks for money back",
                  .include = {"asks for a refund"},
                  .attributes = {"amount", "urgency"}};
  EXPECT_EQ(EncodeCategory(refund),
            "{\n"
            "  \"id\": \"billing.refund\",\n"
            "  \"name\": \"Refund\",\n"
            "  \"parent\": \"billing\",\n"
            "  \"status\": \"active\",\n"
            "  \"definition\": \"Asks for money back\",\n"
            "  \"include\": [\n"
            "    \"asks for a refund\"\n"
            "  ],\n"
            "  \"exclude\": [],\n"
            "  \"examples\": [],\n"
            "  \"near_misses\": [],\n"
            "  \"attributes\": [\n"
            "    \"amount\",\n"
            "    \"urgency\"\n"
            "  ],\n"
            "  \"sensitive\": false\n"
            "}\n");

  Category old{.id = "old", .name = "Old", .status = CategoryStatus::kDeprecated,
               .replaced_by = "new", .sensitive = true};
  EXPECT_EQ(EncodeCategory(old),
            "{\n"
            "  \"id\": \"old\",\n"
            "  \"name\": \"Old\",\n"
            "  \"parent\": null,\n"
            "  \"status\": \"deprecated\",\n"
            "  \"replaced_by\": \"new\",\n"
            "  \"definition\": \"\",\n"
            "  \"include\": [],\n"
            "  \"exclude\": [],\n"
            "  \"examples\": [],\n"
            "  \"near_misses\": [],\n"
            "  \"attributes\": [],\n"
            "  \"sensitive\": true\n"
            "}\n");
}

TEST(TaxonomyCodec, AttributeFileHasAFixedKeyOrder) {
  Attribute urgency{.id = "urgency", .name = "Urgency", .type = AttributeType::kEnum,
                    .values = {"low", "high"}, .description = "How soon"};
  EXPECT_EQ(EncodeAttribute(urgency),
            "{\n"
            "  \"id\": \"urgency\",\n"
            "  \"name\": \"Urgency\",\n"
            "  \"type\": \"enum\",\n"
            "  \"values\": [\n"
            "    \"low\",\n"
            "    \"high\"\n"
            "  ],\n"
            "  \"description\": \"How soon\"\n"
            "}\n");
  Attribute flag{.id = "flag", .name = "Flag", .type = AttributeType::kBool};
  EXPECT_EQ(EncodeAttribute(flag),
            "{\n"
            "  \"id\": \"flag\",\n"
            "  \"name\": \"Flag\",\n"
            "  \"type\": \"bool\",\n"
            "  \"description\": \"\"\n"
            "}\n");
}

TEST(TaxonomyCodec, HandWrittenCategoryWithOnlyRequiredFieldsDecodes) {
  Result<Category> c = DecodeCategory(R"({"name": "X", "id": "x", "parent": null})",
                                      "taxonomy/categories/x.json");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->id, "x");
  EXPECT_EQ(c->parent, "");
  EXPECT_EQ(c->status, CategoryStatus::kActive);
  EXPECT_FALSE(c->sensitive);
}

TEST(TaxonomyCodec, CategoryDecodeErrorsNameThePathAndField) {
  const std::string path = "taxonomy/categories/x.json";
  auto decode = [&](const std::string& bytes) { return DecodeCategory(bytes, path).status(); };
  EXPECT_TRUE(Fails(decode("{\"id\": \"x\", "), StatusCode::kInvalidInput,
                    {path + ": not valid JSON"}));
  EXPECT_TRUE(Fails(decode("[1, 2]"), StatusCode::kInvalidInput,
                    {path + ": expected a JSON object"}));
  EXPECT_TRUE(Fails(decode(R"({"name": "X"})"), StatusCode::kInvalidInput,
                    {path + ": field \"id\" is missing"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "x"})"), StatusCode::kInvalidInput,
                    {path + ": field \"name\" is missing"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "x", "name": 7})"), StatusCode::kInvalidInput,
                    {path + ": field \"name\" must be a string"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "x", "name": "X", "parent": ["a"]})"),
                    StatusCode::kInvalidInput, {path + ": field \"parent\" must be a string"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "x", "name": "X", "status": "retired"})"),
                    StatusCode::kInvalidInput,
                    {path + ": field \"status\" must be draft, active or deprecated"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "x", "name": "X", "include": "one rule"})"),
                    StatusCode::kInvalidInput,
                    {path + ": field \"include\" must be an array of strings"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "x", "name": "X", "near_misses": ["a", 2]})"),
                    StatusCode::kInvalidInput,
                    {path + ": field \"near_misses\" must be an array of strings"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "x", "name": "X", "sensitive": "yes"})"),
                    StatusCode::kInvalidInput, {path + ": field \"sensitive\" must be true or false"}));
  EXPECT_TRUE(Fails(DecodeCategory(R"({"id": "Bad", "name": "X"})", "taxonomy/categories/Bad.json")
                        .status(),
                    StatusCode::kInvalidInput,
                    {"taxonomy/categories/Bad.json: field \"id\"", "category id \"Bad\""}));
}

TEST(TaxonomyCodec, AttributeDecodeErrorsNameThePathAndField) {
  const std::string path = "taxonomy/attributes/urgency.json";
  auto decode = [&](const std::string& bytes) { return DecodeAttribute(bytes, path).status(); };
  EXPECT_TRUE(Fails(decode("nonsense"), StatusCode::kInvalidInput, {path + ": not valid JSON"}));
  EXPECT_TRUE(Fails(decode(R"({"type": "enum"})"), StatusCode::kInvalidInput,
                    {path + ": field \"id\" is missing"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "urgency"})"), StatusCode::kInvalidInput,
                    {path + ": field \"type\" is missing"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "urgency", "type": "date"})"), StatusCode::kInvalidInput,
                    {path + ": field \"type\" must be enum, bool, number or text"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "urgency", "type": "enum", "values": {"a": 1}})"),
                    StatusCode::kInvalidInput, {path + ": field \"values\" must be an array"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "urgency", "type": "text", "description": false})"),
                    StatusCode::kInvalidInput, {path + ": field \"description\" must be a string"}));
}

TEST(TaxonomyCodec, FileNameMustMatchTheId) {
  Category c{.id = "shipping", .name = "Shipping"};
  EXPECT_TRUE(Fails(DecodeCategory(EncodeCategory(c), "taxonomy/categories/billing.json").status(),
                    StatusCode::kInvalidInput,
                    {"taxonomy/categories/billing.json: field \"id\"",
                     "is \"shipping\" but the file is named for \"billing\""}));
  Attribute a{.id = "urgency", .name = "U", .type = AttributeType::kText};
  EXPECT_TRUE(Fails(DecodeAttribute(EncodeAttribute(a), "taxonomy/attributes/speed.json").status(),
                    StatusCode::kInvalidInput,
                    {"taxonomy/attributes/speed.json: field \"id\"",
                     "is \"urgency\" but the file is named for \"speed\""}));
}

TEST(TaxonomyCodec, DecodeTaxonomyReadsOnlyTaxonomyFilesAndNamesTheBadOne) {
  std::map<std::string, std::string> files = EncodeTaxonomy(Rich());
  files["taxonomy/releases/1.0.0.json"] = "{\"not\": \"a category\"}";
  files["taxonomy/categories/README.md"] = "# notes";
  files["items/b1/0001.jsonl.zst"] = "\x28\xb5\x2f\xfd";
  files["taxa.json"] = "{}";
  Result<Taxonomy> t = DecodeTaxonomy(files);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->size(), 4u);
  EXPECT_EQ(t->attributes().size(), 3u);

  files["taxonomy/categories/zz.json"] = R"({"id": "zz", "name": 1})";
  EXPECT_TRUE(Fails(DecodeTaxonomy(files).status(), StatusCode::kInvalidInput,
                    {"taxonomy/categories/zz.json: field \"name\" must be a string"}));
  files.erase("taxonomy/categories/zz.json");
  files["taxonomy/attributes/speed.json"] = R"({"id": "speed"})";
  EXPECT_TRUE(Fails(DecodeTaxonomy(files).status(), StatusCode::kInvalidInput,
                    {"taxonomy/attributes/speed.json: field \"type\" is missing"}));
}

TEST(TaxonomyCodec, DecodeTaxonomyLoadsATaxonomyBrokenByHandForRepair) {
  std::map<std::string, std::string> files;
  files[CategoryPath("orphan")] = R"({"id": "orphan", "name": "Orphan", "parent": "ghost",
                                      "definition": "d"})";
  Result<Taxonomy> t = DecodeTaxonomy(files);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->Validate(),
            (std::vector<std::string>{"category \"orphan\": parent \"ghost\" does not exist"}));
}

TEST(TaxonomyCodec, DecodeTaxonomyDocumentReadsAWholeValidTaxonomy) {
  const std::string doc = R"({
    "attributes": [
      {"id": "urgency", "name": "Urgency", "type": "enum", "values": ["low", "high"]}
    ],
    "categories": [
      {"id": "billing", "name": "Billing", "definition": "Money", "attributes": ["urgency"]},
      {"id": "billing.refund", "name": "Refund", "parent": "billing", "definition": "Back"}
    ]
  })";
  Result<Taxonomy> t = DecodeTaxonomyDocument(doc, "demo/taxonomy.json");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->size(), 2u);
  EXPECT_EQ(t->Find("billing.refund")->parent, "billing");
  EXPECT_EQ(t->FindAttribute("urgency")->values, (std::vector<std::string>{"low", "high"}));
  EXPECT_TRUE(t->Validate().empty());

  Result<Taxonomy> empty = DecodeTaxonomyDocument("{}", "empty.json");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_EQ(empty->size(), 0u);
}

TEST(TaxonomyCodec, DecodeTaxonomyDocumentErrorsNameTheDocumentAndElement) {
  const std::string name = "demo/taxonomy.json";
  auto decode = [&](const std::string& doc) { return DecodeTaxonomyDocument(doc, name).status(); };
  EXPECT_TRUE(Fails(decode("{"), StatusCode::kInvalidInput, {name + ": not valid JSON"}));
  EXPECT_TRUE(Fails(decode("[]"), StatusCode::kInvalidInput, {name + ": expected a JSON object"}));
  EXPECT_TRUE(Fails(decode(R"({"categories": {}})"), StatusCode::kInvalidInput,
                    {name + ": field \"categories\" must be an array"}));
  EXPECT_TRUE(Fails(decode(R"({"attributes": 3})"), StatusCode::kInvalidInput,
                    {name + ": field \"attributes\" must be an array"}));
  EXPECT_TRUE(Fails(
      decode(R"({"categories": [{"id": "a", "name": "A", "definition": "d"}, "b"]})"),
      StatusCode::kInvalidInput, {name + ": categories[1]: expected an object"}));
  EXPECT_TRUE(Fails(decode(R"({"categories": [{"id": "a", "name": "A", "definition": "d"},
                                              {"id": "b", "name": 2}]})"),
                    StatusCode::kInvalidInput,
                    {name + ": categories[1]: ", "field \"name\" must be a string"}));
  EXPECT_TRUE(Fails(decode(R"({"categories": [{"name": "A"}]})"), StatusCode::kInvalidInput,
                    {name + ": categories[0]: ", "field \"id\" is missing"}));
  EXPECT_TRUE(Fails(decode(R"({"attributes": [{"id": "u", "type": "colour"}]})"),
                    StatusCode::kInvalidInput,
                    {name + ": attributes[0]: ", "field \"type\" must be enum, bool, number or text"}));
  // The elements decode, but the whole does not pass Validate().
  EXPECT_TRUE(Fails(decode(R"({"categories": [
                      {"id": "a", "name": "A", "parent": "ghost", "definition": "d"}]})"),
                    StatusCode::kInvalidInput,
                    {name + ": category \"a\": parent \"ghost\" does not exist"}));
  EXPECT_TRUE(Fails(decode(R"({"categories": [
                      {"id": "a", "name": "A", "definition": "d", "attributes": ["u"]}]})"),
                    StatusCode::kInvalidInput, {name + ": category \"a\": attribute \"u\""}));
}

ProjectSettings SampleSettings() {
  ProjectSettings s;
  s.id = "3f9c2a7e5b1d4c60";
  s.name = "Support tickets \"2024\"";
  s.created = "2024-05-01T12:00:00Z";
  s.roles = {{"alice", {"lead"}}, {"bob", {"annotator"}}, {"carol", {"annotator", "compliance"}}};
  s.quality_targets_json = R"({"kappa":0.7})";
  return s;
}

void ExpectSameSettings(const ProjectSettings& a, const ProjectSettings& b) {
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.created, b.created);
  EXPECT_EQ(a.roles, b.roles);
  EXPECT_EQ(a.roles_old_form, b.roles_old_form);
  EXPECT_EQ(a.quality_targets_json, b.quality_targets_json);
}

TEST(TaxonomyCodec, SettingsRoundTrip) {
  ProjectSettings s = SampleSettings();
  std::string bytes = EncodeSettings(s);
  EXPECT_EQ(bytes.find("\"format\": 1"), bytes.find('"'));  // format comes first
  Result<ProjectSettings> back = DecodeSettings(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ExpectSameSettings(*back, s);
  EXPECT_EQ(EncodeSettings(*back), bytes);

  ProjectSettings fresh;
  fresh.id = "x";
  fresh.name = "Fresh";
  Result<ProjectSettings> fresh_back = DecodeSettings(EncodeSettings(fresh));
  ASSERT_TRUE(fresh_back.ok()) << fresh_back.status().message();
  ExpectSameSettings(*fresh_back, fresh);
}

TEST(TaxonomyCodec, SettingsKeepQualityTargetsVerbatim) {
  ProjectSettings s = SampleSettings();
  s.quality_targets_json = R"({"kappa":0.7,"accuracy":0.9})";
  std::string bytes = EncodeSettings(s);
  Result<ProjectSettings> back = DecodeSettings(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(EncodeSettings(*back), bytes);
}

// taxa.json with `roles` as the "roles" object, the rest as SampleSettings.
std::string WithRoles(const std::string& roles) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(EncodeSettings(SampleSettings()));
  j["roles"] = nlohmann::ordered_json::parse(roles);
  return j.dump(2) + "\n";
}

TEST(TaxonomyCodec, SettingsRolesArePersonToRoles) {
  Result<ProjectSettings> s =
      DecodeSettings(WithRoles(R"({"ana": ["lead"], "cy": ["compliance", "annotator"]})"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_FALSE(s->roles_old_form);
  ProjectSettings::Roles want = {{"ana", {"lead"}},
                                 {"cy", {"annotator", "compliance"}}};
  EXPECT_EQ(s->roles, want);
  // Written back person -> roles, each list sorted.
  nlohmann::json roles = nlohmann::json::parse(EncodeSettings(*s))["roles"];
  EXPECT_EQ(roles, nlohmann::json::parse(R"({"ana": ["lead"], "cy": ["annotator", "compliance"]})"));
}

TEST(TaxonomyCodec, SettingsOldFormRolesStillRead) {
  // Every key a role, a value naming someone who is not: role -> people.
  const std::string old = WithRoles(R"({"lead": ["alice"], "annotator": ["bob", "alice"]})");
  Result<ProjectSettings> s = DecodeSettings(old);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->roles_old_form);
  ProjectSettings::Roles want = {{"alice", {"annotator", "lead"}},
                                 {"bob", {"annotator"}}};
  EXPECT_EQ(s->roles, want);
  // Kept in its form until the roles change (then written person -> roles).
  nlohmann::json kept = nlohmann::json::parse(EncodeSettings(*s))["roles"];
  EXPECT_EQ(kept, nlohmann::json::parse(R"({"annotator": ["alice", "bob"], "lead": ["alice"]})"));
  s->roles_old_form = false;
  nlohmann::json now = nlohmann::json::parse(EncodeSettings(*s))["roles"];
  EXPECT_EQ(now, nlohmann::json::parse(R"({"alice": ["annotator", "lead"], "bob": ["annotator"]})"));
}

TEST(TaxonomyCodec, SettingsRefuseAnUnknownRoleNamingIt) {
  EXPECT_TRUE(Fails(DecodeSettings(WithRoles(R"({"ana": ["lead", "boss"]})")).status(),
                    StatusCode::kInvalidInput,
                    {"taxa.json: field \"roles\"", "\"ana\"", "unknown role \"boss\"",
                     "compliance"}));
  EXPECT_TRUE(Fails(DecodeSettings(WithRoles(R"({"ana": "lead"})")).status(),
                    StatusCode::kInvalidInput, {"field \"roles\"", "\"ana\"", "array"}));
  EXPECT_TRUE(Fails(DecodeSettings(WithRoles(R"(["ana"])")).status(), StatusCode::kInvalidInput,
                    {"field \"roles\"", "must be an object"}));
}

TEST(TaxonomyCodec, SettingsOfANewerFormatAreRefused) {
  ProjectSettings s = SampleSettings();
  s.format = kFormatVersion + 1;
  EXPECT_TRUE(Fails(DecodeSettings(EncodeSettings(s)).status(), StatusCode::kInvalidInput,
                    {"taxa.json: field \"format\" is 2", "newer than this Taxa understands (1)",
                     "upgrade Taxa"}));
}

TEST(TaxonomyCodec, SettingsDecodeErrorsNameTheField) {
  auto decode = [](const std::string& bytes) { return DecodeSettings(bytes).status(); };
  EXPECT_TRUE(Fails(decode("not json"), StatusCode::kInvalidInput, {"taxa.json: not valid JSON"}));
  EXPECT_TRUE(Fails(decode(R"({"id": "x", "name": "n"})"), StatusCode::kInvalidInput,
                    {"taxa.json: field \"format\" must be an integer"}));
  EXPECT_TRUE(Fails(decode(R"({"format": "1", "id": "x", "name": "n"})"),
                    StatusCode::kInvalidInput, {"taxa.json: field \"format\" must be an integer"}));
  EXPECT_TRUE(Fails(decode(R"({"format": 1, "name": "n"})"), StatusCode::kInvalidInput,
                    {"taxa.json: field \"id\" is missing"}));
  EXPECT_TRUE(Fails(decode(R"({"format": 1, "id": "x"})"), StatusCode::kInvalidInput,
                    {"taxa.json: field \"name\" is missing"}));
  EXPECT_TRUE(Fails(decode(R"({"format": 1, "id": "x", "name": "n", "roles": []})"),
                    StatusCode::kInvalidInput, {"taxa.json: field \"roles\" must be an object"}));
  EXPECT_TRUE(
      Fails(decode(R"({"format": 1, "id": "x", "name": "n", "quality_targets": "high"})"),
            StatusCode::kInvalidInput, {"taxa.json: field \"quality_targets\" must be an object"}));
}

// Found by fuzzing (tests/fuzz/crashes/release): a number beyond a double
// made nlohmann throw out_of_range where ParseObject caught only
// parse_error, so one such file ended the program.
TEST(TaxonomyCodec, ANumberBeyondADoubleIsInvalidJsonNotACrash) {
  const std::string path = "taxonomy/categories/billing.json";
  EXPECT_TRUE(Fails(DecodeCategory(R"({"id": "billing", "name": "B", "x": 1e999})", path).status(),
                    StatusCode::kInvalidInput, {path + ": not valid JSON", "overflow"}));
  EXPECT_TRUE(Fails(DecodeSettings(R"({"format": 1e400, "id": "x", "name": "n"})").status(),
                    StatusCode::kInvalidInput, {"taxa.json: not valid JSON", "overflow"}));
  EXPECT_TRUE(Fails(DecodeTaxonomyDocument("[-1e999]", "doc.json").status(),
                    StatusCode::kInvalidInput, {"doc.json: not valid JSON"}));
}

// Found by fuzzing (tests/fuzz/crashes/settings): nlohmann stops at a NUL
// byte as at the end of the input, so whatever followed one was accepted
// unread.
TEST(TaxonomyCodec, BytesAfterANulAreNotIgnored) {
  const std::string good = R"({"format": 1, "id": "x", "name": "n"})";
  ASSERT_TRUE(DecodeSettings(good).ok());
  EXPECT_TRUE(Fails(DecodeSettings(good + std::string(1, '\0') + "{\"anything\": 1}").status(),
                    StatusCode::kInvalidInput, {"taxa.json: not valid JSON (a NUL byte at offset 37)"}));
}

// Found with the settings fuzz target's check against nlohmann's reading:
// the format was narrowed to an int before it was compared, so 4294967297
// passed as format 1; zero and negative formats passed too.
TEST(TaxonomyCodec, SettingsFormatIsComparedAsWritten) {
  auto decode = [](const std::string& format) {
    return DecodeSettings(R"({"format": )" + format + R"(, "id": "x", "name": "n"})").status();
  };
  EXPECT_TRUE(Fails(decode("4294967297"), StatusCode::kInvalidInput,
                    {"taxa.json: field \"format\" is 4294967297, newer than this Taxa"}));
  EXPECT_TRUE(Fails(decode("18446744073709551615"), StatusCode::kInvalidInput,
                    {"field \"format\" is 18446744073709551615, newer"}));
  EXPECT_TRUE(Fails(decode("0"), StatusCode::kInvalidInput, {"field \"format\" is 0; it starts at 1"}));
  EXPECT_TRUE(Fails(decode("-4294967295"), StatusCode::kInvalidInput, {"field \"format\" is -4294967295"}));
  EXPECT_TRUE(decode("1").ok());
}

// Found by review of the settings decoder while writing its fuzz target: a
// vendor was looked up again by name through c_str(), so "a\u0000b" read
// the members of "a".
TEST(TaxonomyCodec, SettingsVendorNamesMayHoldAnyCharacter) {
  Result<ProjectSettings> s = DecodeSettings(
      R"({"format": 1, "id": "x", "name": "n", "vendors": {"a\u0000b": ["ann"], "a": ["bob"]}})");
  ASSERT_TRUE(s.ok()) << s.status().message();
  std::map<std::string, std::set<std::string>> expected = {{std::string("a\0b", 3), {"ann"}},
                                                           {"a", {"bob"}}};
  EXPECT_EQ(s->vendors, expected);
  EXPECT_TRUE(Fails(DecodeSettings(R"({"format": 1, "id": "x", "name": "n",
                                       "vendors": {"acme": ["ann", 7]}})")
                        .status(),
                    StatusCode::kInvalidInput, {"entry \"acme\" must be a non-empty array"}));
}

}  // namespace
}  // namespace taxa::core
