// SSH signatures in OpenSSH's "sshsig" format (PROTOCOL.sshsig), the format
// `ssh-keygen -Y sign` writes and git uses for commits with gpg.format=ssh,
// made and checked with ed25519 keys through OpenSSL. Nothing here knows git.
//
//   TAXA_ASSIGN_OR_RETURN(SshPrivateKey key, ReadSshPrivateKey("/home/ana/.ssh/id_ed25519"));
//   TAXA_ASSIGN_OR_RETURN(std::string armored, SshSign(key, bytes, "git"));
//   TAXA_ASSIGN_OR_RETURN(SshPublicKey signer, SshVerify(armored, bytes, "git"));
//   if (signer.key == key.public_key.key) ...  // the caller decides whom it trusts
//
// Only ed25519 keys, only unencrypted "openssh-key-v1" private key files
// (what `ssh-keygen -t ed25519 -N ""` writes); an encrypted key is refused
// with what to do. Thread-safe: no shared state.
#pragma once

#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::sync {

// An ed25519 public key.
struct SshPublicKey {
  std::string key;      // the 32 raw bytes
  std::string comment;  // as written after the key; may be empty

  // "ssh-ed25519 AAAA..." and " comment" when there is one: a .pub file's line.
  std::string Line() const;
  // "SHA256:" and the unpadded base64 of the SHA-256 of the key blob, as
  // `ssh-keygen -lf` prints it.
  std::string Fingerprint() const;
};

// An ed25519 private key; the seed is wiped when the object goes.
class SshPrivateKey {
 public:
  SshPrivateKey() = default;
  SshPrivateKey(const SshPrivateKey&) = default;
  SshPrivateKey& operator=(const SshPrivateKey&) = default;
  ~SshPrivateKey();

  std::string seed;  // 32 bytes
  SshPublicKey public_key;
};

// Reads one "ssh-ed25519 BASE64 [comment]" line (a .pub file, an entry of
// taxa.json). kInvalidInput naming `where` when it is another key type or
// not a key at all.
Result<SshPublicKey> ParseSshPublicKey(std::string_view line, std::string_view where);

// Reads an OpenSSH private key file's text ("-----BEGIN OPENSSH PRIVATE
// KEY-----"). kInvalidInput naming `where`: another format or key type, a
// damaged key, or a key protected by a passphrase (the message says how to
// make an unencrypted copy for taxa).
Result<SshPrivateKey> ParseSshPrivateKey(std::string_view text, std::string_view where);
// The same from the file `path`; kNotFound/kIo when it cannot be read.
Result<SshPrivateKey> ReadSshPrivateKey(const std::string& path);

// The armored signature ("-----BEGIN SSH SIGNATURE-----" ... ending in a
// newline) of `message` under `ns` ("git" for commits), hash sha512.
// kInternal only when OpenSSL fails.
Result<std::string> SshSign(const SshPrivateKey& key, std::string_view message,
                            std::string_view ns);

// Checks the armored `signature` over `message` under namespace `ns` and
// returns the key that made it. Whether that key is trusted is the caller's
// question. kInvalidInput when the text is not an ssh signature, names
// another namespace or key type; kPermissionDenied when it does not match
// `message` (the data or the signature was changed).
Result<SshPublicKey> SshVerify(std::string_view signature, std::string_view message,
                               std::string_view ns);

}  // namespace taxa::sync
