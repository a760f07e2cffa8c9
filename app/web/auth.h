// Auth: who is asking. A request names its user by a token (`Authorization:
// Bearer taxa_...`, for scripts) or by the browser session a login opened:
// opening the URL taxa serve printed (/?token=...) sets an HttpOnly,
// SameSite=Strict cookie. A request that changes something on the strength
// of that cookie must also carry the session's CSRF value in the
// X-Taxa-CSRF header (the page reads it from /api/v1/me).
//
// What the user may do is the session's business (access.h); Auth only says
// who they are. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include <httplib.h>

#include "session/users.h"

#include "taxa/core/status.h"

namespace taxa::web {

inline constexpr std::string_view kCookieName = "taxa_session";
inline constexpr std::string_view kCsrfHeader = "X-Taxa-CSRF";

struct Caller {
  std::string user;
  bool by_cookie = false;  // a browser session rather than a bearer token
  std::string csrf;        // the session's CSRF value ("" for a bearer token)
};

class Auth {
 public:
  // `secure`: cookies get the Secure attribute (served over TLS).
  Auth(app::TokenBook book, bool secure);

  // The caller of `req`: a bearer token first, else the session cookie.
  // kUnauthenticated when neither names anyone.
  Result<Caller> Identify(const httplib::Request& req) const;
  // For a request that changes something: ok for a bearer token; for a
  // cookie, kPermissionDenied unless X-Taxa-CSRF holds the session's value.
  Status CheckCsrf(const httplib::Request& req, const Caller& caller) const;
  // Opens a browser session for the holder of `token`: the Set-Cookie value.
  // kUnauthenticated for an unknown token.
  Result<std::string> Login(std::string_view token);

 private:
  struct Session {
    std::string user;
    std::string csrf;
  };
  // The user of `token` by a book read again when the tokens file changed
  // (a person added or revoked while serving; a damaged file keeps the
  // book as it was).
  Result<std::string> Authenticate(std::string_view token) const;

  mutable std::mutex book_mu_;
  mutable app::TokenBook book_;  // guarded by book_mu_
  bool secure_;
  mutable std::mutex mu_;
  std::map<std::string, Session, std::less<>> sessions_;  // by cookie value
};

}  // namespace taxa::web
