// Signatures: signing keys in taxa.json, the allowed-signers file, taxa verify.
#include "session/signatures.h"

#include <algorithm>
#include <map>

#include "session/history.h"
#include "session/internal/project_state.h"
#include "session/internal/roles.h"

#include "taxa/core/segment_writer.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/sync/commit_signatures.h"
#include "taxa/sync/ssh_signature.h"

namespace taxa::app {

namespace {

constexpr std::string_view kNamespace = "git";  // what git signs commits under

// The Taxa-Action values of the commits Verify checks.
const std::vector<std::string>& SignedActions() {
  static const std::vector<std::string> actions = {"taxonomy.release", "proposal.approve",
                                                   "proposal.reject", "proposal.merge"};
  return actions;
}

}  // namespace

Signatures::Signatures(Project& project) : s_(project.state()) {}

Status Signatures::AddKey(const std::string& person, const std::string& public_key,
                          const std::string& where) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  std::string name = core::FoldAnnotatorName(person);
  TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(name));
  TAXA_ASSIGN_OR_RETURN(sync::SshPublicKey key, sync::ParseSshPublicKey(public_key, where));
  core::ProjectSettings next = s_.settings();
  std::vector<std::string>& keys = next.signing_keys[name];
  for (const std::string& line : keys) {
    Result<sync::SshPublicKey> known = sync::ParseSshPublicKey(line, "taxa.json");
    if (known.ok() && known->key == key.key)
      return Status::AlreadyExists(name + " has the key " + key.Fingerprint() +
                                   " in taxa.json already");
  }
  keys.push_back(key.Line());
  TAXA_RETURN_IF_ERROR(s_.CommitFiles(
      {{std::string(core::kSettingsPath), core::EncodeSettings(next)}},
      s_.Meta("Add a signing key for " + name + " (" + key.Fingerprint() + ")",
              {{"Taxa-Action", "user.key"}, {"Taxa-User", name}})));
  return s_.Load();
}

Result<std::string> Signatures::AllowedSigners() {
  const core::ProjectSettings& settings = s_.settings();
  bool roles_in_force = RolesInForce(settings);
  std::string out;
  for (const auto& [person, keys] : settings.signing_keys) {  // sorted by person
    if (roles_in_force && RolesOf(settings, person).empty()) continue;
    // A name git would read as several principals or a pattern cannot be
    // written; taxa's names never are (core::CheckAnnotatorName).
    TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(person).WithPrefix("taxa.json: signing_keys"));
    for (const std::string& line : keys) {
      TAXA_ASSIGN_OR_RETURN(sync::SshPublicKey key,
                            sync::ParseSshPublicKey(line, "taxa.json: signing_keys of " + person));
      key.comment.clear();
      out += person + " namespaces=\"" + std::string(kNamespace) + "\" " + key.Line() + "\n";
    }
  }
  return out;
}

Result<VerifyReport> Signatures::Verify() {
  VerifyReport report;
  report.refs = {"refs/heads/main", "refs/heads/proposals/*"};
  // The keys each person may sign with, as taxa.json at HEAD lists them.
  std::map<std::string, std::vector<std::string>> trusted;
  for (const auto& [person, keys] : s_.settings().signing_keys)
    for (const std::string& line : keys) {
      TAXA_ASSIGN_OR_RETURN(sync::SshPublicKey key,
                            sync::ParseSshPublicKey(line, "taxa.json: signing_keys of " + person));
      trusted[person].push_back(key.key);
    }
  const std::vector<std::string>& actions = SignedActions();
  TAXA_ASSIGN_OR_RETURN(std::vector<std::string> commits,
                        sync::ReachableCommits(s_.repo(), report.refs));
  for (const std::string& id : commits) {
    TAXA_ASSIGN_OR_RETURN(sync::CommitDetails details, s_.repo().ReadCommit(id));
    std::string action = ActionOf(details.entry);
    if (std::find(actions.begin(), actions.end(), action) == actions.end()) continue;
    ++report.checked;
    SignedCommitCheck check{.commit = id,
                            .action = action,
                            .author = details.entry.author,
                            .time = details.entry.time,
                            .subject = details.entry.subject};
    TAXA_ASSIGN_OR_RETURN(sync::CommitSignature sig, sync::ReadCommitSignature(s_.repo(), id));
    if (!sig.signature) {
      check.state = "unsigned";
      check.problem = "not signed";
    } else if (Result<sync::SshPublicKey> signer =
                   sync::SshVerify(*sig.signature, sig.signed_data, kNamespace);
               !signer.ok()) {
      check.state = "bad-signature";
      check.problem = signer.status().message();
    } else {
      check.key = signer->Fingerprint();
      const std::vector<std::string>& keys = trusted[check.author];
      if (std::find(keys.begin(), keys.end(), signer->key) != keys.end()) {
        check.state = "signed";
      } else {
        check.state = "unknown-key";
        check.problem = "signed by " + check.key + ", which taxa.json does not list for \"" +
                        check.author + "\" (taxa users key " + check.author + " FILE.pub)";
      }
    }
    if (check.state != "signed") report.failed.push_back(std::move(check));
  }
  return report;
}

}  // namespace taxa::app
