#pragma once
// Bearer tokens: 256 random bits shown once, stored only as a SHA-256 hash in `sessions`.
// Every authenticated request costs one indexed lookup (sessions primary key joined to users by
// primary key); there is no in-process cache, so logout takes effect everywhere at once.
#include <boost/asio/awaitable.hpp>
#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/web/result.hpp"
#include "app/web/services.hpp"
#include "db/statement.hpp"
#include "net/request.hpp"

namespace folio::app {

struct caller {
  std::int64_t id;
  std::string username;
  std::string display_name;
  std::string role;
  bool is_admin() const { return role == "admin"; }
};
BOOST_DESCRIBE_STRUCT(caller, (), (id, username, display_name, role))

std::string new_token();
// The token's hash as a bytea parameter in text form (\x…).
std::string token_hash_param(std::string_view token);
// The token of an `Authorization: Bearer …` header, if there is one.
std::optional<std::string_view> bearer_token(const net::request& req);

// nullopt for an anonymous request; 401 for a malformed, unknown, expired or revoked token. The
// caller's id is noted on the request, for the access log.
boost::asio::awaitable<result<std::optional<caller>>> authenticate(services& svc, net::request& req);
// Like authenticate, but anonymous is 401 too.
boost::asio::awaitable<result<caller>> require_caller(services& svc, net::request& req);

std::vector<const db::statement*> auth_statements();

}  // namespace folio::app
