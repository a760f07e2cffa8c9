// The "error_types" list of taxa.json: the error taxonomy of second-pass
// review, with defaults while the file names none.
#include <gtest/gtest.h>

#include "support/status_matchers.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

ProjectSettings Named() {
  ProjectSettings s;
  s.id = "0123456789abcdef";
  s.name = "Review";
  s.created = "2026-01-01T00:00:00Z";
  return s;
}

// A taxa.json with `error_types` (JSON text) after the usual keys.
std::string WithErrorTypes(const std::string& list) {
  return "{\"format\": 1, \"id\": \"x\", \"name\": \"R\", \"roles\": {}, "
         "\"quality_targets\": {}, \"error_types\": " +
         list + "}";
}

TEST(SettingsErrorTypes, AbsentMeansTheDefaultsAndNothingWritten) {
  std::string bytes = EncodeSettings(Named());
  EXPECT_EQ(bytes.find("error_types"), std::string::npos) << bytes;
  Result<ProjectSettings> back = DecodeSettings(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_FALSE(back->error_types.has_value());
  EXPECT_EQ(EncodeSettings(*back), bytes);
  const std::vector<ErrorType>& types = ErrorTypesOf(*back);
  EXPECT_EQ(&types, &DefaultErrorTypes());
  std::vector<std::string> ids;
  for (const ErrorType& t : types) {
    ids.push_back(t.id);
    EXPECT_TRUE(CheckId(t.id, "error type").ok()) << t.id;
    EXPECT_FALSE(t.name.empty()) << t.id;
  }
  for (const char* want : {"wrong-category", "missed-attribute", "guideline-ambiguous",
                           "item-unusable"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), want), ids.end()) << want;
}

TEST(SettingsErrorTypes, RoundTripInTheOrderGiven) {
  ProjectSettings s = Named();
  s.error_types = std::vector<ErrorType>{{"zz-last", "Z", "comes first anyway"},
                                         {"aa-first", "A", ""}};
  std::string bytes = EncodeSettings(s);
  EXPECT_NE(bytes.find("\"error_types\": [\n    {\n      \"id\": \"zz-last\",\n"
                       "      \"name\": \"Z\",\n      \"description\": \"comes first anyway\"\n"),
            std::string::npos)
      << bytes;
  Result<ProjectSettings> back = DecodeSettings(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->error_types, s.error_types);
  EXPECT_EQ(EncodeSettings(*back), bytes);
  // An empty list is a list: no error types, not the defaults.
  Result<ProjectSettings> none = DecodeSettings(WithErrorTypes("[]"));
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_TRUE(ErrorTypesOf(*none).empty());
}

TEST(SettingsErrorTypes, MalformedListsAreRefusedNamingTheEntry) {
  EXPECT_TRUE(Fails(DecodeSettings(WithErrorTypes("{}")).status(), StatusCode::kInvalidInput,
                    {"taxa.json", "\"error_types\"", "must be an array"}));
  EXPECT_TRUE(Fails(DecodeSettings(WithErrorTypes("[\"x\"]")).status(), StatusCode::kInvalidInput,
                    {"entry 1"}));
  EXPECT_TRUE(Fails(DecodeSettings(WithErrorTypes("[{\"id\": \"Bad\", \"name\": \"B\"}]")).status(),
                    StatusCode::kInvalidInput, {"entry 1", "error type id \"Bad\""}));
  EXPECT_TRUE(Fails(DecodeSettings(WithErrorTypes("[{\"id\": \"ok\"}]")).status(),
                    StatusCode::kInvalidInput, {"entry 1", "has no name"}));
  EXPECT_TRUE(
      Fails(DecodeSettings(WithErrorTypes("[{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", "
                                          "\"name\": 3}]"))
                .status(),
            StatusCode::kInvalidInput, {"entry 2", "\"name\" must be a string"}));
  EXPECT_TRUE(Fails(DecodeSettings(WithErrorTypes("[{\"id\": \"a\", \"name\": \"A\", \"x\": \"\"}]"))
                        .status(),
                    StatusCode::kInvalidInput, {"unknown field \"x\""}));
  EXPECT_TRUE(
      Fails(DecodeSettings(WithErrorTypes("[{\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"a\", "
                                          "\"name\": \"B\"}]"))
                .status(),
            StatusCode::kInvalidInput, {"names \"a\" twice"}));
}

}  // namespace
}  // namespace taxa::core
