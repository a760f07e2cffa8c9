// Signatures: tamper evidence for approvals and releases. Commits are signed
// with the acting person's ed25519 key (taxa.signingKey, see
// ProjectState::Meta) in git's SSH signature format; taxa.json lists each
// person's public keys ("signing_keys"); Verify checks every approval and
// release commit against them, and AllowedSigners writes the same trust as
// git's allowed-signers file so that `git verify-commit` agrees.
//
//   TAXA_RETURN_IF_ERROR(Signatures(*project).AddKey("ana", "ssh-ed25519 AAAA... ana@laptop"));
//   TAXA_ASSIGN_OR_RETURN(VerifyReport r, Signatures(*project).Verify());
//   if (!r.failed.empty()) ...  // each names its commit and what is wrong
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "session/project.h"

namespace taxa::app {

// One commit Verify looked at.
struct SignedCommitCheck {
  std::string commit;   // 40 hex digits
  std::string action;   // its Taxa-Action: taxonomy.release, proposal.approve, ...
  std::string author;   // the commit's author name (a person of taxa.json)
  int64_t time = 0;     // author time, seconds since the epoch
  std::string subject;
  // "signed": a valid signature by a key taxa.json lists for the author;
  // "unsigned"; "bad-signature" (the commit or its signature was changed, or
  // it is no ssh signature); "unknown-key" (valid, but by a key taxa.json
  // does not list for the author).
  std::string state;
  std::string key;      // the signing key's fingerprint ("SHA256:..."); "" when unknown
  std::string problem;  // one line for a failure; "" when signed
};

struct VerifyReport {
  size_t checked = 0;                     // approval and release commits found
  std::vector<SignedCommitCheck> failed;  // those not "signed", newest first
  std::vector<std::string> refs;          // the references walked
};

class Signatures {
 public:
  explicit Signatures(Project& project);

  // Adds `public_key` (one "ssh-ed25519 AAAA... [comment]" line, as in a
  // .pub file) to `person`'s keys in taxa.json: one commit (Taxa-Action:
  // user.key, Taxa-User), which needs a lead once roles are in force.
  // kInvalidInput for an invalid name or a key that is not ed25519 (naming
  // `where`, the file it came from); kAlreadyExists when the person has it.
  Status AddKey(const std::string& person, const std::string& public_key,
                const std::string& where = "the public key");

  // The text of git's allowed-signers file (gpg.ssh.allowedSignersFile): one
  // line `NAME namespaces="git" ssh-ed25519 AAAA...` per key of taxa.json's
  // "signing_keys", for people who hold a role; before any lead is named
  // (roles not in force) for everyone listed. Sorted by name.
  Result<std::string> AllowedSigners();

  // Checks every commit reachable from refs/heads/main and
  // refs/heads/proposals/* whose Taxa-Action is taxonomy.release,
  // proposal.approve, proposal.reject or proposal.merge: it
  // must be signed (gpgsig) in the ssh format, the signature valid over the
  // commit's bytes, by a key taxa.json (at HEAD) lists for its author.
  Result<VerifyReport> Verify();

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
