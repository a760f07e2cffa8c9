// SSH signatures (sshsig) made and checked by our code, and checked against
// OpenSSH's own ssh-keygen in both directions.
#include "taxa/sync/ssh_signature.h"

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "taxa/core/fs.h"

namespace taxa::sync {
namespace {

using testing::RunCommand;
using testing::TempDir;

// Makes an ed25519 key with ssh-keygen at `path` (and path.pub).
void MakeKey(const std::string& path, const std::string& passphrase = "") {
  testing::CommandResult r = RunCommand("ssh-keygen -q -t ed25519 -C tester@example -N '" +
                                        passphrase + "' -f " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(SshSignature, SignThenVerifyRoundTripNamesTheSigner) {
  TempDir tmp;
  MakeKey(tmp / "key");
  Result<SshPrivateKey> key = ReadSshPrivateKey(tmp / "key");
  ASSERT_TRUE(key.ok()) << key.status().message();
  // The public key in the private file is the one ssh-keygen wrote beside it.
  Result<SshPublicKey> pub = ParseSshPublicKey(testing::ReadText(tmp / "key.pub"), "key.pub");
  ASSERT_TRUE(pub.ok()) << pub.status().message();
  EXPECT_EQ(key->public_key.key, pub->key);
  EXPECT_EQ(pub->comment, "tester@example");
  std::string line = testing::ReadText(tmp / "key.pub");
  EXPECT_EQ(pub->Line() + "\n", line);
  // ssh-keygen -lf prints "256 SHA256:... comment (ED25519)".
  testing::CommandResult fp = RunCommand("ssh-keygen -lf " + tmp / "key.pub");
  EXPECT_NE(fp.out.find(pub->Fingerprint() + " "), std::string::npos) << fp.out;

  const std::string message = "tree 1234\nauthor ana\n\nRelease 1.0\n";
  Result<std::string> sig = SshSign(*key, message, "git");
  ASSERT_TRUE(sig.ok()) << sig.status().message();
  EXPECT_TRUE(sig->starts_with("-----BEGIN SSH SIGNATURE-----\n"));
  EXPECT_TRUE(sig->ends_with("-----END SSH SIGNATURE-----\n"));
  Result<SshPublicKey> signer = SshVerify(*sig, message, "git");
  ASSERT_TRUE(signer.ok()) << signer.status().message();
  EXPECT_EQ(signer->key, pub->key);

  Result<SshPublicKey> changed = SshVerify(*sig, message + "x", "git");
  EXPECT_EQ(changed.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(changed.status().message().find("does not match"), std::string::npos);
  Result<SshPublicKey> other_ns = SshVerify(*sig, message, "file");
  EXPECT_EQ(other_ns.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(other_ns.status().message().find("namespace \"git\""), std::string::npos);
  Result<SshPublicKey> garbage = SshVerify("-----BEGIN PGP SIGNATURE-----\n", message, "git");
  EXPECT_EQ(garbage.status().code(), StatusCode::kInvalidInput);
}

TEST(SshSignature, OurSignatureIsAcceptedBySshKeygenVerify) {
  TempDir tmp;
  MakeKey(tmp / "key");
  Result<SshPrivateKey> key = ReadSshPrivateKey(tmp / "key");
  ASSERT_TRUE(key.ok()) << key.status().message();
  const std::string message = "The bytes of a commit\nwith two lines\n";
  Result<std::string> sig = SshSign(*key, message, "git");
  ASSERT_TRUE(sig.ok());
  testing::WriteText(tmp / "msg", message);
  testing::WriteText(tmp / "msg.sig", *sig);
  testing::WriteText(tmp / "allowed",
                     "ana namespaces=\"git\" " + testing::ReadText(tmp / "key.pub"));
  std::string verify = "ssh-keygen -Y verify -f " + tmp / "allowed" + " -I ana -n git -s " +
                       tmp / "msg.sig" + " < ";
  testing::CommandResult ok = RunCommand(verify + tmp / "msg");
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("Good \"git\" signature for ana"), std::string::npos) << ok.out;
  testing::WriteText(tmp / "changed", message + " ");
  testing::CommandResult bad = RunCommand(verify + tmp / "changed");
  EXPECT_NE(bad.exit_code, 0) << bad.out;
}

TEST(SshSignature, VerifiesASignatureMadeBySshKeygen) {
  TempDir tmp;
  MakeKey(tmp / "key");
  const std::string message = "signed by OpenSSH\n";
  testing::WriteText(tmp / "msg", message);
  testing::CommandResult r =
      RunCommand("ssh-keygen -q -Y sign -f " + tmp / "key" + " -n git " + tmp / "msg");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Result<SshPublicKey> signer = SshVerify(testing::ReadText(tmp / "msg.sig"), message, "git");
  ASSERT_TRUE(signer.ok()) << signer.status().message();
  Result<SshPublicKey> pub = ParseSshPublicKey(testing::ReadText(tmp / "key.pub"), "key.pub");
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(signer->key, pub->key);
  // ed25519 signatures are deterministic: ours over the same bytes is the same.
  Result<SshPrivateKey> key = ReadSshPrivateKey(tmp / "key");
  ASSERT_TRUE(key.ok());
  Result<std::string> ours = SshSign(*key, message, "git");
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(*ours, testing::ReadText(tmp / "msg.sig"));
}

TEST(SshSignature, EncryptedKeyIsRefusedSayingWhatToDo) {
  TempDir tmp;
  MakeKey(tmp / "locked", "a passphrase");
  Result<SshPrivateKey> key = ReadSshPrivateKey(tmp / "locked");
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidInput);
  const std::string& m = key.status().message();
  EXPECT_TRUE(m.starts_with(tmp / "locked" + ": ")) << m;
  EXPECT_NE(m.find("passphrase"), std::string::npos) << m;
  EXPECT_NE(m.find("ssh-keygen -p -N \"\""), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
}

TEST(SshSignature, OtherKeyTypesAndDamagedKeysAreRefused) {
  TempDir tmp;
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ecdsa -N '' -f " + tmp / "ecdsa").exit_code, 0);
  Result<SshPrivateKey> ecdsa = ReadSshPrivateKey(tmp / "ecdsa");
  EXPECT_EQ(ecdsa.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(ecdsa.status().message().find("ed25519 keys only"), std::string::npos)
      << ecdsa.status().message();
  Result<SshPublicKey> ecdsa_pub =
      ParseSshPublicKey(testing::ReadText(tmp / "ecdsa.pub"), "ecdsa.pub");
  EXPECT_EQ(ecdsa_pub.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(ecdsa_pub.status().message().find("ecdsa.pub: a \"ecdsa-sha2-nistp256\" key"),
            std::string::npos)
      << ecdsa_pub.status().message();

  MakeKey(tmp / "key");
  std::string text = testing::ReadText(tmp / "key");
  // Flip one character of the base64 in the middle of the private part.
  size_t at = text.size() / 2;
  text[at] = text[at] == 'A' ? 'B' : 'A';
  Result<SshPrivateKey> damaged = ParseSshPrivateKey(text, "key");
  EXPECT_EQ(damaged.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(damaged.status().message().find("key: a damaged OpenSSH private key"),
            std::string::npos)
      << damaged.status().message();
  EXPECT_EQ(ReadSshPrivateKey(tmp / "absent").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace taxa::sync
