// The "signing_keys" object of taxa.json: person -> ed25519 public keys.
#include <gtest/gtest.h>

#include "taxa/core/taxonomy_codec.h"

namespace taxa::core {
namespace {

constexpr char kKey[] =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOv3Rrl3ZzgeL4YH1sSw4Ldtz7SUoLtKnyM9RFcT1FQC ana@laptop";

ProjectSettings Named() {
  ProjectSettings s;
  s.id = "0123456789abcdef";
  s.name = "Signed";
  s.created = "2026-01-01T00:00:00Z";
  return s;
}

TEST(SettingsSigningKeys, RoundTripAndLeftOutWhenEmpty) {
  std::string plain = EncodeSettings(Named());
  EXPECT_EQ(plain.find("signing_keys"), std::string::npos) << plain;
  ProjectSettings s = Named();
  s.signing_keys = {{"ana", {kKey}}, {"bo", {kKey, kKey}}};
  std::string bytes = EncodeSettings(s);
  EXPECT_NE(bytes.find("\"signing_keys\": {\n    \"ana\": [\n      \"" + std::string(kKey) +
                       "\"\n    ],\n    \"bo\": ["),
            std::string::npos)
      << bytes;
  Result<ProjectSettings> back = DecodeSettings(bytes);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->signing_keys, s.signing_keys);
  EXPECT_EQ(EncodeSettings(*back), bytes);
}

TEST(SettingsSigningKeys, DecodeErrorsNameTheFieldAndPerson) {
  auto error = [](const std::string& value) {
    Result<ProjectSettings> s = DecodeSettings(
        R"({"format": 1, "id": "x", "name": "n", "signing_keys": )" + value + "}");
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput) << value;
    return s.status().message();
  };
  EXPECT_EQ(error("[]"), "taxa.json: field \"signing_keys\" must be an object "
                         "{person: [\"ssh-ed25519 AAAA...\"]}");
  EXPECT_EQ(error(R"({"ana": "ssh-ed25519 AAAA"})"),
            "taxa.json: field \"signing_keys\" entry \"ana\" must be a non-empty array of keys");
  EXPECT_EQ(error(R"({"ana": []})"),
            "taxa.json: field \"signing_keys\" entry \"ana\" must be a non-empty array of keys");
  EXPECT_EQ(error(R"({"ana": ["ssh-rsa AAAA"]})"),
            "taxa.json: field \"signing_keys\" entry \"ana\" holds \"ssh-rsa AAAA\", not an "
            "\"ssh-ed25519 AAAA...\" public key");
  EXPECT_EQ(error(R"({"ana": [7]})"),
            "taxa.json: field \"signing_keys\" entry \"ana\" holds 7, not an "
            "\"ssh-ed25519 AAAA...\" public key");
}

}  // namespace
}  // namespace taxa::core
