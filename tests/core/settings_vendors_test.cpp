// The "vendors" object of taxa.json: annotator -> vendor, for --by vendor.
#include <gtest/gtest.h>

#include "support/status_matchers.h"
#include "taxa/core/taxonomy_codec.h"

namespace taxa::core {
namespace {

using taxa::testing::Fails;

ProjectSettings Named() {
  ProjectSettings s;
  s.id = "0123456789abcdef";
  s.name = "Vendors";
  s.created = "2026-01-01T00:00:00Z";
  return s;
}

TEST(SettingsVendors, RoundTripInAFixedOrderAfterTheOtherKeys) {
  ProjectSettings s = Named();
  s.vendors = {{"globex", {"cy"}}, {"acme", {"bob", "ann"}}};
  std::string bytes = EncodeSettings(s);
  EXPECT_NE(bytes.find("\"quality_targets\": {},\n  \"vendors\": {\n    \"acme\": [\n"
                       "      \"ann\",\n      \"bob\"\n    ],\n    \"globex\": [\n      \"cy\"\n"),
            std::string::npos)
      << bytes;
  Result<ProjectSettings> back = DecodeSettings(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->vendors, s.vendors);
  EXPECT_EQ(EncodeSettings(*back), bytes);
}

TEST(SettingsVendors, LeftOutWhenEmptySoOldFilesKeepTheirBytes) {
  std::string bytes = EncodeSettings(Named());
  EXPECT_EQ(bytes.find("vendors"), std::string::npos) << bytes;
  Result<ProjectSettings> back = DecodeSettings(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->vendors.empty());
}

TEST(SettingsVendors, MalformedVendorsNameTheField) {
  std::string base = EncodeSettings(Named());
  auto with = [&](const std::string& vendors) {
    std::string bytes = base;
    bytes.insert(bytes.rfind('}'), ", \"vendors\": " + vendors + "\n");
    return DecodeSettings(bytes).status();
  };
  EXPECT_TRUE(Fails(with("[]"), StatusCode::kInvalidInput,
                    {"taxa.json: field \"vendors\"", "must be an object"}));
  EXPECT_TRUE(Fails(with(R"({"acme": "bob"})"), StatusCode::kInvalidInput,
                    {"field \"vendors\"", "entry \"acme\"", "non-empty array"}));
  EXPECT_TRUE(Fails(with(R"({"acme": []})"), StatusCode::kInvalidInput, {"entry \"acme\""}));
  EXPECT_TRUE(Fails(with(R"({"acme": ["bob"], "globex": ["bob"]})"), StatusCode::kInvalidInput,
                    {"annotator \"bob\"", "\"acme\"", "\"globex\""}));
}

}  // namespace
}  // namespace taxa::core
