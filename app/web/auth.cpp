#include "web/auth.h"

#include <optional>

#include "taxa/core/secret.h"

namespace taxa::web {

namespace {

// Browser sessions kept at most; the oldest-named go first (a bound against
// a client that logs in forever, not a policy).
constexpr size_t kMaxSessions = 10000;

// The value of cookie `name` in a Cookie header ("a=1; taxa_session=v").
std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
      return pair.substr(name.size() + 1);
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace

Auth::Auth(app::TokenBook book, bool secure) : book_(std::move(book)), secure_(secure) {}

Result<std::string> Auth::Authenticate(std::string_view token) const {
  std::lock_guard lock(book_mu_);
  (void)book_.Refresh();  // a damaged file: keep the book as it was
  return book_.Authenticate(token);
}

Result<Caller> Auth::Identify(const httplib::Request& req) const {
  const std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.rfind(kBearer, 0) != 0)
      return Status::Unauthenticated("Authorization: expected \"Bearer TOKEN\"");
    TAXA_ASSIGN_OR_RETURN(std::string user,
                          Authenticate(std::string_view(authorization).substr(kBearer.size())));
    return Caller{.user = std::move(user)};
  }
  const std::string cookies = req.get_header_value("Cookie");
  std::string_view cookie = CookieValue(cookies, kCookieName);
  if (!cookie.empty()) {
    std::optional<Session> session;
    {
      std::lock_guard lock(mu_);
      if (auto it = sessions_.find(cookie); it != sessions_.end()) session = it->second;
    }
    if (session) {
      // A revoked person's browser sessions end with their token.
      std::lock_guard lock(book_mu_);
      (void)book_.Refresh();
      if (book_.Holds(session->user))
        return Caller{.user = session->user, .by_cookie = true, .csrf = session->csrf};
      return Status::Unauthenticated("the token of this browser session was revoked");
    }
    return Status::Unauthenticated(
        "the browser session has ended (the server restarted?): open the URL taxa serve printed");
  }
  return Status::Unauthenticated(
      "no token: send Authorization: Bearer TOKEN, or open the URL taxa serve printed");
}

Status Auth::CheckCsrf(const httplib::Request& req, const Caller& caller) const {
  if (!caller.by_cookie) return Status::Ok();
  if (core::SecretsEqual(req.get_header_value(std::string(kCsrfHeader).c_str()), caller.csrf))
    return Status::Ok();
  return Status::PermissionDenied(
      "a change made with the browser session needs the X-Taxa-CSRF header (from /api/v1/me)");
}

Result<std::string> Auth::Login(std::string_view token) {
  TAXA_ASSIGN_OR_RETURN(std::string user, Authenticate(token));
  TAXA_ASSIGN_OR_RETURN(std::string id, core::RandomSecretHex(32));
  TAXA_ASSIGN_OR_RETURN(std::string csrf, core::RandomSecretHex(32));
  {
    std::lock_guard lock(mu_);
    if (sessions_.size() >= kMaxSessions) sessions_.erase(sessions_.begin());
    sessions_[id] = {std::move(user), std::move(csrf)};
  }
  return std::string(kCookieName) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict" +
         (secure_ ? "; Secure" : "");
}

}  // namespace taxa::web
