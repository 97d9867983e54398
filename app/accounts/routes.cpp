#include "app/accounts/routes.hpp"

#include "app/accounts/queries.hpp"
#include "app/accounts/requests.hpp"
#include "app/auth/throttle_queries.hpp"
#include "app/web/bearer.hpp"
#include "app/web/client_address.hpp"
#include "app/web/errors.hpp"
#include "app/web/handler.hpp"
#include "app/web/json_schema.hpp"
#include "app/web/json_writer.hpp"
#include "app/web/read_routing.hpp"
#include "app/web/text.hpp"
#include "net/response.hpp"

namespace folio::app::accounts {
namespace {

namespace asio = boost::asio;
using net::http_response;
using net::http::status;

// Register and login answer with the session they opened; the token is shown this once.
struct session_grant {
  private_user user;
  std::string token;
  db::timestamp expires_at;
};
BOOST_DESCRIBE_STRUCT(session_grant, (), (user, token, expires_at))

// Runs `user_statement` (which yields the private user) and opens a session for `username`, in
// one round trip and one transaction; a failure of either leaves neither.
asio::awaitable<http_response> grant_session(services& svc, status success, const db::statement& user_statement,
                                             db::param_list user_params, std::string username) {
  auto token = new_token();
  const auto token_hash = token_hash_param(token);
  db::batch statements;
  statements.add(user_statement, std::move(user_params)).add(open_session, token_hash, username);
  auto results = co_await svc.pool.execute_batch(std::move(statements));
  session_grant grant{db::one<private_user>(results.at(0)), std::move(token),
                      db::one<session_expiry>(results.at(1)).expires_at};
  co_return net::json_response(success, to_json(grant));
}

// The throttle's name for an account. A login that matches no user is throttled under the
// name as typed (case aside), so that guessing at names that do not exist costs the same.
std::string account_key(std::int64_t user_id) { return "user:" + std::to_string(user_id); }
std::string account_key(const std::optional<credentials>& user, std::string_view login) {
  return user ? account_key(user->id) : "login:" + ascii_lower(login);
}

// The throttles' name for the client: the TCP peer, or the client a trusted proxy names.
std::string address_key(const services& svc, const net::request& req) {
  return client_address(req, svc.settings.trusted_proxies).to_string();
}

// A password check under the throttle: 429 while the account or the client address is locked
// (without hashing anything), otherwise the verdict, a failure counting against both. The
// throttles' counts live in an UNLOGGED table, which only the primary can read: svc.pool, never
// a replica.
asio::awaitable<result<bool>> throttled_verify(services& svc, const net::request& req, const std::string& account,
                                               std::optional<std::string> stored, std::string password) {
  const auto address = address_key(svc, req);
  const auto wait = co_await svc.throttle.locked_for(svc.pool, account, address);
  if (wait) co_return net::rate_limited(*wait);
  auto matched = co_await svc.hasher.verify(std::move(stored), std::move(password));
  if (!matched) co_return hashing_at_capacity();
  if (*matched)
    co_await svc.throttle.succeeded(svc.pool, account);
  else
    co_await svc.throttle.failed(svc.pool, account, address);
  co_return *matched;
}

net::problem wrong_current_password() {
  return net::validation_failed({{"current_password", "is not the current password"}});
}

asio::awaitable<http_response> register_user(services& svc, net::request& req) {
  auto form = read_registration(req);
  if (!form) co_return net::problem_response(form.problem());
  // Only a valid form counts against the address: it is the hash and the row that cost. On the
  // primary (svc.pool), like every throttle statement.
  auto address = address_key(svc, req);
  const auto wait = co_await svc.registrations.admit(svc.pool, std::move(address));
  if (wait) co_return net::problem_response(net::rate_limited(*wait));
  auto hashed = co_await svc.hasher.hash(form->password);
  if (!hashed) co_return net::problem_response(hashing_at_capacity());
  // A taken username or email fails the insert on its unique index: 409 through app/errors.cpp.
  auto response =
      co_await grant_session(svc, status::created, create_user,
                             db::make_params(form->username, form->email, *hashed, form->display_name), form->username);
  response.set(net::http::field::location, "/api/v1/users/" + form->username);
  co_return response;
}

asio::awaitable<http_response> login(services& svc, net::request& req) {
  auto form = read_login_attempt(req);
  if (!form) co_return net::problem_response(form.problem());
  auto user = db::maybe_one<credentials>(co_await svc.pool.execute(find_credentials, form->login));
  // Unknown users are checked against a dummy hash: every failure costs the same time.
  const auto account = account_key(user, form->login);
  std::optional<std::string> stored;
  if (user) stored = user->password_hash;
  auto matched = co_await throttled_verify(svc, req, account, std::move(stored), std::move(form->password));
  if (!matched) co_return net::problem_response(matched.problem());
  if (!*matched) co_return net::problem_response(net::unauthorized("the login or the password is wrong"));
  req.user_id = user->id;  // for the access log
  co_return co_await grant_session(svc, status::ok, private_user_by_id, db::make_params(user->id), user->username);
}

// Deleting the session is the check: a token that matches none (unknown, malformed, expired or
// already revoked) is 401, in one round trip.
asio::awaitable<http_response> logout(services& svc, net::request& req) {
  auto token = bearer_token(req);
  if (!token) co_return net::problem_response(net::unauthorized("this endpoint needs an Authorization: Bearer token"));
  auto deleted = co_await svc.pool.execute(close_session, token_hash_param(*token));
  if (deleted.affected_rows() == 0)
    co_return net::problem_response(net::unauthorized("the token is unknown, expired or revoked"));
  co_return net::empty_response(status::no_content);
}

asio::awaitable<http_response> get_me(services& svc, net::request& req) {
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto me = db::one<private_user>(co_await read(svc, req, private_user_by_id, who->id));
  co_return net::json_response(status::ok, to_json(me));
}

asio::awaitable<http_response> patch_me(services& svc, net::request& req) {
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto change = read_profile_change(req);
  if (!change) co_return net::problem_response(change.problem());
  std::optional<std::string> verified_hash;
  std::optional<std::string> new_hash;
  if (change->password) {
    auto stored = db::one<credentials>(co_await svc.pool.execute(credentials_by_id, who->id));
    const auto account = account_key(who->id);
    auto matched =
        co_await throttled_verify(svc, req, account, stored.password_hash, std::move(*change->current_password));
    if (!matched) co_return net::problem_response(matched.problem());
    if (!*matched) co_return net::problem_response(wrong_current_password());
    auto hashed = co_await svc.hasher.hash(std::move(*change->password));
    if (!hashed) co_return net::problem_response(hashing_at_capacity());
    verified_hash = std::move(stored.password_hash);
    new_hash = std::move(*hashed);
  }
  const auto this_session = token_hash_param(*bearer_token(req));
  auto updated = db::maybe_one<private_user>(co_await svc.pool.execute(
      update_profile, who->id, change->display_name, change->bio, new_hash, verified_hash, this_session));
  // Only a password change can miss: the password was changed by another request since it was checked.
  if (!updated) co_return net::problem_response(wrong_current_password());
  co_return net::json_response(status::ok, to_json(*updated));
}

asio::awaitable<http_response> get_user(services& svc, net::request& req) {
  // Usernames are stored lowercased, so any letter case finds the user.
  const auto username = ascii_lower(req.params.text(0));
  std::optional<public_user> user;
  if (is_username(username))
    user = db::maybe_one<public_user>(co_await read(svc, req, public_user_by_username, username));
  if (!user) co_return net::problem_response(net::not_found("no user is named " + username));
  co_return net::json_response(status::ok, to_json(*user));
}

}  // namespace

api_section api() {
  using verb = net::http::verb;
  return {"accounts",
          "Registration, sessions (opaque bearer tokens valid 30 days) and profiles.",
          {{.method = verb::post,
            .path = "/api/v1/auth/register",
            .handler = register_user,
            .summary = "Register a user and open a session",
            .success = status::created,
            .response = schema_of<session_grant>,
            .request = form_schema<registration_fields>,
            .problems = {status::conflict, status::too_many_requests}},
           {.method = verb::post,
            .path = "/api/v1/auth/login",
            .handler = login,
            .summary = "Open a session with a username or e-mail and the password",
            .response = schema_of<session_grant>,
            .request = form_schema<login_fields>,
            .problems = {status::unauthorized, status::too_many_requests}},
           {.method = verb::post,
            .path = "/api/v1/auth/logout",
            .handler = logout,
            .summary = "Revoke the token used",
            .token = token_use::required,
            .success = status::no_content},
           {.method = verb::get,
            .path = "/api/v1/me",
            .handler = get_me,
            .summary = "The caller, with the e-mail address",
            .token = token_use::required,
            .response = schema_of<private_user>},
           {.method = verb::patch,
            .path = "/api/v1/me",
            .handler = patch_me,
            .summary = "Change the caller's display name, bio or password",
            .token = token_use::required,
            .response = schema_of<private_user>,
            .request = form_schema<profile_fields>,
            .problems = {status::too_many_requests}},
           {.method = verb::get,
            .path = "/api/v1/users/{username}",
            .handler = get_user,
            .summary = "A user's public profile",
            .response = schema_of<public_user>,
            .problems = {status::not_found}}}};
}

// With the throttles' statements: only the accounts' handlers use them.
std::vector<const db::statement*> prepared_statements() {
  std::vector<const db::statement*> statements{&create_user,       &open_session,       &find_credentials,
                                               &credentials_by_id, &private_user_by_id, &public_user_by_username,
                                               &close_session,     &update_profile};
  for (const auto* throttle_statement : throttle_statements()) statements.push_back(throttle_statement);
  return statements;
}

}  // namespace folio::app::accounts
