#include "app/accounts/requests.hpp"

#include <limits>

#include "app/web/request_body.hpp"
#include "app/web/text.hpp"

namespace folio::app::accounts {
namespace {

constexpr auto unbounded = std::numeric_limits<std::size_t>::max();
// The longest text that can name an account: an e-mail address (at most 254 bytes, so at most
// 254 code points; a username is at most 32). Longer logins are refused before they become a
// throttle key, so the throttles' rows stay small.
constexpr std::size_t max_login = 254;
constexpr std::size_t max_password = 256;

// Passwords are not trimmed: every character the user typed counts.
std::optional<std::string> new_password(body_reader& in, presence p) {
  return in.text("password", 8, max_password, p, trimming::keep);
}

// A password to check against the stored one: no password is longer than max_password, so a
// longer one is refused before anything is hashed.
std::optional<std::string> password_to_check(body_reader& in, std::string_view name, presence p) {
  return in.text(name, 0, max_password, p, trimming::keep);
}

}  // namespace

std::optional<registration> registration_fields(body_reader& in, boost::json::object&) {
  auto username = in.text("username", 0, unbounded, presence::required);
  if (username) *username = ascii_lower(*username);
  in.check("username", username, is_username, "must be 3 to 32 characters of a-z, 0-9 and _");
  auto email = in.text("email", 0, unbounded, presence::required);
  in.check("email", email, is_email, "must be an e-mail address");
  auto password = new_password(in, presence::required);
  auto display_name = in.text("display_name", 1, 64);
  if (!username || !email || !password) return std::nullopt;
  auto shown_name = display_name.value_or(*username);
  return registration{std::move(*username), std::move(*email), std::move(*password), std::move(shown_name)};
}

std::optional<login_attempt> login_fields(body_reader& in, boost::json::object&) {
  auto login = in.text("login", 0, max_login, presence::required);
  auto password = password_to_check(in, "password", presence::required);
  if (!login || !password) return std::nullopt;
  return login_attempt{std::move(*login), std::move(*password)};
}

std::optional<profile_change> profile_fields(body_reader& in, boost::json::object&) {
  profile_change change;
  change.display_name = in.text("display_name", 1, 64);
  change.bio = in.text("bio", 0, 2000);
  change.password = new_password(in, presence::optional);
  change.current_password = password_to_check(in, "current_password", presence::optional);
  if (in.contains("password") && !in.contains("current_password"))
    in.reject("current_password", "is required to change the password");
  if (in.contains("current_password") && !in.contains("password"))
    in.reject("current_password", "is only accepted together with password");
  return change;
}

result<registration> read_registration(const net::request& req) {
  return read_form<registration>(req, registration_fields);
}

result<login_attempt> read_login_attempt(const net::request& req) {
  return read_form<login_attempt>(req, login_fields);
}

result<profile_change> read_profile_change(const net::request& req) {
  return read_form<profile_change>(req, profile_fields);
}

}  // namespace folio::app::accounts
