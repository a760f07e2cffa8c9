// Users: roles in taxa.json, token hashes in <git dir>/taxa/tokens.json.
#include "session/users.h"

#include <algorithm>
#include <map>
#include <set>

#include <sys/stat.h>

#include "session/internal/project_state.h"
#include "session/internal/roles.h"
#include "session/utc_stamp.h"
#include <nlohmann/json.hpp>

#include "taxa/core/fs.h"
#include "taxa/core/secret.h"
#include "taxa/core/segment_writer.h"
#include "taxa/core/sha256.h"

namespace taxa::app {

namespace {

constexpr std::string_view kTokenPrefix = "taxa_";

struct StoredToken {
  std::string user;
  std::string sha256;
  std::string created;
};

std::string TokensPath(const ProjectState& s) { return s.state_dir() + "/tokens.json"; }

// The tokens file; empty when there is none.
Result<std::vector<StoredToken>> ReadTokens(const std::string& path) {
  Result<std::string> bytes = core::ReadFile(path);
  if (!bytes.ok() && bytes.status().code() == StatusCode::kNotFound)
    return std::vector<StoredToken>{};
  if (!bytes.ok()) return bytes.status();
  nlohmann::json doc = nlohmann::json::parse(*bytes, nullptr, false);
  if (!doc.is_object() || !doc.contains("tokens") || !doc["tokens"].is_array())
    return Status::Corrupt(path + ": not a tokens file (expected {\"tokens\": [...]})");
  std::vector<StoredToken> out;
  for (const nlohmann::json& t : doc["tokens"]) {
    if (!t.is_object() || !t.value("user", nlohmann::json()).is_string() ||
        !t.value("sha256", nlohmann::json()).is_string())
      return Status::Corrupt(path + ": a token without \"user\" or \"sha256\"");
    out.push_back({t["user"].get<std::string>(), t["sha256"].get<std::string>(),
                   t.value("created", std::string())});
  }
  return out;
}

Status WriteTokens(const std::string& path, const std::vector<StoredToken>& tokens) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const StoredToken& t : tokens)
    list.push_back({{"user", t.user}, {"sha256", t.sha256}, {"created", t.created}});
  nlohmann::ordered_json doc = {{"format", 1}, {"tokens", list}};
  return core::WriteFileAtomic(path, doc.dump(2) + "\n", 0600);
}

// "taxa_" and 64 hex digits from the kernel's random source.
Result<std::string> NewToken() {
  TAXA_ASSIGN_OR_RETURN(std::string hex, core::RandomSecretHex(32));
  return std::string(kTokenPrefix) + hex;
}

// Commits taxa.json with `roles` (written in the form person -> roles, whatever
// form it was read in) and reads the settings again.
Status CommitRoles(ProjectState& s, core::ProjectSettings::Roles roles,
                   sync::CommitMeta meta) {
  core::ProjectSettings next = s.settings();
  next.roles = std::move(roles);
  next.roles_old_form = false;
  TAXA_RETURN_IF_ERROR(
      s.CommitFiles({{std::string(core::kSettingsPath), core::EncodeSettings(next)}}, meta));
  return s.Load();
}

}  // namespace

Result<std::string> TokenBook::Authenticate(std::string_view token) const {
  if (token.empty()) return Status::Unauthenticated("no token given");
  const std::string hash = core::Sha256Hex(token);
  for (const auto* book : {&by_hash_, &this_run_})
    if (auto it = book->find(hash); it != book->end()) return it->second;
  return Status::Unauthenticated("the token is unknown or was revoked");
}

bool TokenBook::Holds(std::string_view user) const {
  for (const auto* book : {&by_hash_, &this_run_})
    for (const auto& [hash, holder] : *book)
      if (holder == user) return true;
  return false;
}

std::string TokenBook::AddForThisRun(const std::string& user) {
  Result<std::string> token = NewToken();
  // getrandom only fails on a kernel without it: no login is possible then.
  if (!token.ok()) return "";
  this_run_[core::Sha256Hex(*token)] = user;
  return *token;
}

namespace {

// "<size>:<mtime ns>" of `path`, "" when it does not exist.
std::string FileStamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

Status TokenBook::Load() {
  const std::string stamp = FileStamp(path_);
  TAXA_ASSIGN_OR_RETURN(std::vector<StoredToken> tokens, ReadTokens(path_));
  by_hash_.clear();
  for (const StoredToken& t : tokens) by_hash_[t.sha256] = t.user;
  stamp_ = stamp;
  return Status::Ok();
}

Status TokenBook::Refresh() {
  if (path_.empty() || FileStamp(path_) == stamp_) return Status::Ok();
  return Load();
}

Users::Users(Project& project) : s_(project.state()) {}

Result<NewUser> Users::Add(const std::string& name, Role role) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "user.add"));
  const std::string user = core::FoldAnnotatorName(name);
  TAXA_RETURN_IF_ERROR(core::CheckAnnotatorName(user));
  std::vector<Role> held = RolesOf(s_.settings(), user);
  if (!held.empty())
    return Status::AlreadyExists(user + " is already listed as " +
                                 std::string(RoleName(held.front())) + " in taxa.json (taxa users revoke " +
                                 user + " first)");
  if (!RolesInForce(s_.settings()) && role != Role::kLead)
    return Status::FailedPrecondition(
        "no lead is named yet: the first person must be a lead, who then adds the others "
        "(taxa users add NAME --role lead)");
  // The token is saved first: a token without a role grants nothing, a role
  // whose token was lost would need a revoke to fix.
  TAXA_ASSIGN_OR_RETURN(std::string token, NewToken());
  const std::string path = TokensPath(s_);
  TAXA_ASSIGN_OR_RETURN(std::vector<StoredToken> tokens, ReadTokens(path));
  std::vector<StoredToken> before = tokens;
  std::erase_if(tokens, [&](const StoredToken& t) { return t.user == user; });
  tokens.push_back({user, core::Sha256Hex(token), UtcStamp(kIso8601)});
  TAXA_RETURN_IF_ERROR(WriteTokens(path, tokens));

  core::ProjectSettings::Roles roles = s_.settings().roles;
  roles[user].insert(std::string(RoleName(role)));
  Status committed = CommitRoles(
      s_, roles,
      s_.Meta("Add " + user + " as " + std::string(RoleName(role)),
              {{"Taxa-Action", "user.add"}, {"Taxa-User", user}}));
  if (!committed.ok()) {
    (void)WriteTokens(path, before);  // the role did not land: neither does the token
    return committed;
  }
  return NewUser{.name = user, .role = role, .token = std::move(token)};
}

Result<std::vector<UserEntry>> Users::List() {
  std::map<std::string, UserEntry> people;
  for (const auto& [person, roles] : s_.settings().roles) people[person].name = person;
  TAXA_ASSIGN_OR_RETURN(std::vector<StoredToken> tokens, ReadTokens(TokensPath(s_)));
  for (const StoredToken& t : tokens) {
    UserEntry& e = people[t.user];
    e.name = t.user;
    e.has_token = true;
    e.token_created = t.created;
  }
  std::vector<UserEntry> out;
  for (auto& [name, e] : people) {
    e.roles = RolesOf(s_.settings(), name);
    out.push_back(std::move(e));
  }
  return out;
}

Status Users::Revoke(const std::string& name) {
  TAXA_RETURN_IF_ERROR(s_.RequireWritable());
  TAXA_RETURN_IF_ERROR(RequirePermission(s_, Permission::kLead, "user.revoke"));
  const std::string user = core::FoldAnnotatorName(name);
  const std::string path = TokensPath(s_);
  TAXA_ASSIGN_OR_RETURN(std::vector<StoredToken> tokens, ReadTokens(path));
  bool had_token = std::erase_if(tokens, [&](const StoredToken& t) { return t.user == user; }) > 0;
  std::vector<Role> held = RolesOf(s_.settings(), user);
  if (!had_token && held.empty())
    return Status::NotFound(user + " has no role in taxa.json and no token here");
  core::ProjectSettings::Roles roles = s_.settings().roles;
  if (std::find(held.begin(), held.end(), Role::kLead) != held.end() &&
      std::count_if(roles.begin(), roles.end(),
                    [](const auto& entry) { return entry.second.count("lead") > 0; }) == 1)
    return Status::FailedPrecondition(user +
                                      " is the only lead: add another lead before revoking them");
  if (roles.count(user)) {
    roles.erase(user);
    TAXA_RETURN_IF_ERROR(CommitRoles(
        s_, roles,
        s_.Meta("Revoke " + user, {{"Taxa-Action", "user.revoke"}, {"Taxa-User", user}})));
  }
  return had_token ? WriteTokens(path, tokens) : Status::Ok();
}

Result<TokenBook> Users::Tokens() {
  TokenBook book;
  book.path_ = TokensPath(s_);
  TAXA_RETURN_IF_ERROR(book.Load());
  return book;
}

}  // namespace taxa::app
