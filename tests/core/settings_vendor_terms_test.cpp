// The long form of taxa.json "vendors" (core::VendorTerms): teams, rate and
// targets beside the annotators; the short form is kept for vendors without.
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

TEST(SettingsVendorTerms, LongFormOnlyForVendorsWithTermsInAFixedOrder) {
  ProjectSettings s = Named();
  s.vendors = {{"acme", {"ann", "bob"}}, {"globex", {"cy"}}};
  VendorTerms t;
  t.teams = {{"night", {"bob"}}};
  t.rate = VendorRate{0.05, "item", "USD"};
  t.targets.accuracy = 0.9;
  t.targets.items_per_hour = 120;
  s.vendor_terms["acme"] = t;
  const std::string bytes = EncodeSettings(s);
  const std::string want =
      "  \"vendors\": {\n"
      "    \"acme\": {\n"
      "      \"annotators\": [\n        \"ann\",\n        \"bob\"\n      ],\n"
      "      \"teams\": {\n        \"night\": [\n          \"bob\"\n        ]\n      },\n"
      "      \"rate\": {\n        \"amount\": 0.05,\n        \"per\": \"item\",\n"
      "        \"currency\": \"USD\"\n      },\n"
      "      \"targets\": {\n        \"accuracy\": 0.9,\n        \"items_per_hour\": 120.0\n"
      "      }\n    },\n"
      "    \"globex\": [\n      \"cy\"\n    ]\n  }\n";
  EXPECT_NE(bytes.find(want), std::string::npos) << bytes;
  Result<ProjectSettings> back = DecodeSettings(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->vendors, s.vendors);
  EXPECT_EQ(back->vendor_terms, s.vendor_terms);
  EXPECT_EQ(EncodeSettings(*back), bytes);
}

TEST(SettingsVendorTerms, ShortFormBytesUnchangedWhenNoTermsAreUsed) {
  // Written by hand in the form taxa.json had before terms existed.
  const std::string old =
      "{\n  \"format\": 1,\n  \"id\": \"0123456789abcdef\",\n  \"name\": \"Vendors\",\n"
      "  \"created\": \"2026-01-01T00:00:00Z\",\n  \"roles\": {},\n  \"quality_targets\": {},\n"
      "  \"vendors\": {\n    \"acme\": [\n      \"ann\"\n    ]\n  }\n}\n";
  Result<ProjectSettings> s = DecodeSettings(old);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->vendor_terms.empty());
  EXPECT_EQ(EncodeSettings(*s), old);
}

TEST(SettingsVendorTerms, AVendorWithTermsMayHaveNoAnnotatorsYet) {
  ProjectSettings s = Named();
  s.vendors["acme"];
  s.vendor_terms["acme"].rate = VendorRate{12, "hour", "EUR"};
  Result<ProjectSettings> back = DecodeSettings(EncodeSettings(s));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->vendors.count("acme"), 1u);
  EXPECT_TRUE(back->vendors["acme"].empty());
  EXPECT_EQ(back->vendor_terms["acme"].rate->per, "hour");
}

TEST(SettingsVendorTerms, MalformedTermsNameTheVendorAndTheField) {
  std::string base = EncodeSettings(Named());
  auto with = [&](const std::string& vendors) {
    std::string bytes = base;
    bytes.insert(bytes.rfind('}'), ", \"vendors\": " + vendors + "\n");
    return DecodeSettings(bytes).status();
  };
  EXPECT_TRUE(Fails(with(R"({"acme": {"annotators": ["a"], "pay": 1}})"),
                    StatusCode::kInvalidInput, {"entry \"acme\"", "unknown field \"pay\""}));
  EXPECT_TRUE(Fails(with(R"({"acme": {"annotators": ["a"], "teams": {"t": ["z"]}}})"),
                    StatusCode::kInvalidInput, {"team \"t\"", "\"z\"", "not one of the vendor"}));
  EXPECT_TRUE(Fails(with(R"({"acme": {"annotators": ["a"], "teams": {"t": ["a"], "u": ["a"]}}})"),
                    StatusCode::kInvalidInput, {"both teams \"t\" and \"u\""}));
  EXPECT_TRUE(Fails(with(R"({"acme": {"rate": {"amount": 1, "per": "day"}}})"),
                    StatusCode::kInvalidInput, {"\"per\" must be \"item\" or \"hour\""}));
  EXPECT_TRUE(Fails(with(R"({"acme": {"rate": {"amount": -1, "per": "item"}}})"),
                    StatusCode::kInvalidInput, {"\"amount\" must be a number >= 0"}));
  EXPECT_TRUE(Fails(with(R"({"acme": {"targets": {"accuracy": 1.5}}})"),
                    StatusCode::kInvalidInput, {"target \"accuracy\"", "from 0 to 1"}));
  EXPECT_TRUE(Fails(with(R"({"acme": {"targets": {"speed": 1}}})"), StatusCode::kInvalidInput,
                    {"unknown field \"speed\""}));
  EXPECT_TRUE(Fails(with(R"({"acme": {"annotators": ["a"]}, "globex": ["a"]})"),
                    StatusCode::kInvalidInput, {"annotator \"a\"", "\"acme\"", "\"globex\""}));
}

}  // namespace
}  // namespace taxa::core
