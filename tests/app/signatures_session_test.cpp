// Signatures in the session: who signs a commit, and who the allowed-signers
// file trusts.
#include "session/project.h"
#include "session/settings.h"
#include "session/signatures.h"
#include "session/taxonomy_edits.h"
#include "session/users.h"
#include "support/test_support.h"
#include <gtest/gtest.h>

namespace taxa::app {
namespace {

using taxa::testing::ReadText;
using taxa::testing::RunCommand;
using taxa::testing::TempDir;

SessionOptions As(const std::string& user) {
  SessionOptions o;
  o.user = user;
  return o;
}

std::string PublicKey(const TempDir& tmp, const std::string& name) {
  EXPECT_EQ(RunCommand("ssh-keygen -q -t ed25519 -C " + name + " -N '' -f " + tmp / name).exit_code,
            0);
  return ReadText(tmp / (name + ".pub"));
}

bool HeadIsSigned(const TempDir& tmp) {
  std::string raw = RunCommand("git -C " + tmp / "p" + " cat-file commit HEAD").out;
  return raw.find("\ngpgsig -----BEGIN SSH SIGNATURE-----") != std::string::npos;
}

TEST(Signatures, AllowedSignersTrustRoleHoldersOnceRolesAreInForce) {
  TempDir tmp;
  auto p = Project::Create(tmp / "p", "Signed", As("ana"));
  ASSERT_TRUE(p.ok()) << p.status().message();
  std::string ana = PublicKey(tmp, "ana");
  std::string zed = PublicKey(tmp, "zed");
  ASSERT_TRUE(Signatures(**p).AddKey("ana", ana).ok());
  ASSERT_TRUE(Signatures(**p).AddKey("Zed", zed).ok());  // names fold to lower case
  auto line = [](const std::string& who, const std::string& pub) {
    return who + " namespaces=\"git\" " + pub.substr(0, pub.rfind(' ')) + "\n";
  };
  Result<std::string> everyone = Signatures(**p).AllowedSigners();
  ASSERT_TRUE(everyone.ok()) << everyone.status().message();
  EXPECT_EQ(*everyone, line("ana", ana) + line("zed", zed));

  ASSERT_TRUE(Users(**p).Add("ana", Role::kLead).ok());
  Result<std::string> leads = Signatures(**p).AllowedSigners();
  ASSERT_TRUE(leads.ok());
  EXPECT_EQ(*leads, line("ana", ana));
}

TEST(Signatures, OnlyTheOwnersCommitsAreSignedWithTheirKey) {
  TempDir tmp;
  auto p = Project::Create(tmp / "p", "Signed", As("ana"));
  ASSERT_TRUE(p.ok()) << p.status().message();
  PublicKey(tmp, "ana");
  ASSERT_TRUE(Settings(**p).Set("taxa.signingKey", tmp / "ana").ok());
  ASSERT_TRUE(TaxonomyEdits(**p).Add({.id = "billing", .name = "Billing", .definition = "Money."}).ok());
  EXPECT_TRUE(HeadIsSigned(tmp));
  // A server acting for ben never signs with the key of whoever started it.
  ASSERT_TRUE((*p)->ActAs("ben").ok());
  ASSERT_TRUE(TaxonomyEdits(**p).Add({.id = "shipping", .name = "Shipping", .definition = "Parcels."}).ok());
  EXPECT_FALSE(HeadIsSigned(tmp));
}

}  // namespace
}  // namespace taxa::app
