#include "app/web/bearer.hpp"

#include <sodium.h>

#include "db/row.hpp"

namespace folio::app {
namespace {

constexpr std::size_t token_bytes = 32;
// 43 characters of unpadded base64url.
constexpr std::size_t token_length = (token_bytes * 4 + 2) / 3;

constexpr auto session_caller = db::checked_statement<caller>("session_caller", R"(
  SELECT u.id, u.username, u.display_name, u.role
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = $1::bytea AND s.expires_at > now())");

bool looks_like_token(std::string_view token) {
  if (token.size() != token_length) return false;
  for (char c : token) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

std::vector<const db::statement*> auth_statements() { return {&session_caller}; }

std::string new_token() {
  unsigned char random[token_bytes];
  randombytes_buf(random, sizeof random);
  char text[sodium_base64_ENCODED_LEN(token_bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, random, sizeof random, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string token_hash_param(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return "\\x" + std::string(hex);
}

std::optional<std::string_view> bearer_token(const net::request& req) {
  auto header = req.message[net::http::field::authorization];
  if (header.empty()) return std::nullopt;
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() < scheme.size() || !boost::beast::iequals(header.substr(0, scheme.size()), scheme))
    return std::string_view{};  // present but not a bearer token: malformed
  return header.substr(scheme.size());
}

boost::asio::awaitable<result<std::optional<caller>>> authenticate(services& svc, net::request& req) {
  auto token = bearer_token(req);
  if (!token) co_return std::optional<caller>{};
  if (!looks_like_token(*token)) co_return net::unauthorized("the bearer token is malformed");
  auto found = db::maybe_one<caller>(co_await svc.pool.execute(session_caller, token_hash_param(*token)));
  if (!found) co_return net::unauthorized("the token is unknown, expired or revoked");
  req.user_id = found->id;
  co_return std::optional<caller>(std::move(*found));
}

boost::asio::awaitable<result<caller>> require_caller(services& svc, net::request& req) {
  auto who = co_await authenticate(svc, req);
  if (!who) co_return who.problem();
  if (!*who) co_return net::unauthorized("this endpoint needs an Authorization: Bearer token");
  co_return std::move(**who);
}

}  // namespace folio::app
