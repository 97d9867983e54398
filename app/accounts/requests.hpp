#pragma once
// The request bodies of the account endpoints, read and validated by the contract's rules:
// every broken or unknown field is reported at once (422); a body that is not a JSON object
// is 400 (or 415 for a non-JSON content type).
#include <optional>
#include <string>

#include "app/web/request_body.hpp"
#include "app/web/result.hpp"
#include "net/request.hpp"

namespace folio::app::accounts {

// POST /auth/register. username lowercased; email trimmed (PostgreSQL lowercases it);
// display_name defaults to the username.
struct registration {
  std::string username;
  std::string email;
  std::string password;
  std::string display_name;
};

// POST /auth/login. Any strings up to the longest an account can have (login 254 code points,
// password 256; longer is 422): whatever does not match an account is the one 401.
struct login_attempt {
  std::string login;
  std::string password;
};

// PATCH /me. Absent fields stay as they are; password comes with current_password.
struct profile_change {
  std::optional<std::string> display_name;
  std::optional<std::string> bio;
  std::optional<std::string> password;
  std::optional<std::string> current_password;
};

// The fields of each form, as read_form takes them (and form_schema describes them).
std::optional<registration> registration_fields(body_reader& in, boost::json::object& body);
std::optional<login_attempt> login_fields(body_reader& in, boost::json::object& body);
std::optional<profile_change> profile_fields(body_reader& in, boost::json::object& body);

result<registration> read_registration(const net::request& req);
result<login_attempt> read_login_attempt(const net::request& req);
result<profile_change> read_profile_change(const net::request& req);

}  // namespace folio::app::accounts
