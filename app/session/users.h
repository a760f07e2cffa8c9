// Users: the people of a project and their login tokens. Roles live in
// taxa.json (committed: who is a lead is part of the project); tokens live
// only as SHA-256 hashes in <git dir>/taxa/tokens.json (mode 0600, never
// committed), so a token is shown once, when it is made.
//
//   TAXA_ASSIGN_OR_RETURN(NewUser u, Users(*project).Add("ben", Role::kAnnotator));
//   std::cout << u.token;                         // the only time it is seen
//   TAXA_ASSIGN_OR_RETURN(TokenBook book, Users(*project).Tokens());
//   TAXA_ASSIGN_OR_RETURN(std::string who, book.Authenticate(token));
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "session/access.h"
#include "session/project.h"

namespace taxa::app {

// A person as `taxa users list` shows them.
struct UserEntry {
  std::string name;
  std::vector<Role> roles;    // from taxa.json, in Role order
  bool has_token = false;     // this copy holds a token for them
  std::string token_created;  // ISO 8601 UTC; "" without a token
};

// What Add made. `token` is never stored: only its hash is.
struct NewUser {
  std::string name;
  Role role = Role::kAnnotator;
  std::string token;  // "taxa_" and 64 hex digits
};

// Who holds which token, read by Users::Tokens and then asked from any
// thread: its const methods are thread-safe; Refresh and AddForThisRun are
// not (a server locks around them).
class TokenBook {
 public:
  // The user the token belongs to; kUnauthenticated for an unknown or
  // revoked token (the message never repeats the token).
  Result<std::string> Authenticate(std::string_view token) const;
  // True when `user` holds a token in this book.
  bool Holds(std::string_view user) const;
  // Makes a token for `user` that lives in this book only (taxa serve's own
  // login for whoever started it, gone when the book is).
  std::string AddForThisRun(const std::string& user);
  // Reads the tokens file again when it changed since it was read (size or
  // modification time): a person added or revoked by `taxa users` while the
  // book is in use counts from the next request. Tokens made for this run
  // stay. On a damaged file the book keeps what it had and says why.
  Status Refresh();

 private:
  friend class Users;
  Status Load();
  std::string path_;   // the tokens file
  std::string stamp_;  // its size and modification time when read ("" when absent)
  std::map<std::string, std::string> by_hash_;   // sha256 hex -> user, from the file
  std::map<std::string, std::string> this_run_;  // sha256 hex -> user, AddForThisRun
};

class Users {
 public:
  explicit Users(Project& project);

  // Lists `name` (folded to lower case) under `role` in taxa.json (one
  // commit, Taxa-Action: user.add, which needs a lead once roles are in
  // force) and makes their token. kAlreadyExists when they hold a role
  // already; kFailedPrecondition when no lead is named yet and `role` is not
  // lead (the first person must be a lead, who then adds the others).
  Result<NewUser> Add(const std::string& name, Role role);
  // Everyone taxa.json names or this copy holds a token for, by name.
  Result<std::vector<UserEntry>> List();
  // Deletes the token of `name` and takes every role from them (a commit,
  // user.revoke, when they had one). kNotFound when they have neither;
  // kFailedPrecondition when they are the only lead.
  Status Revoke(const std::string& name);
  // The tokens of this copy, for a server to check logins against.
  Result<TokenBook> Tokens();

 private:
  ProjectState& s_;
};

}  // namespace taxa::app
