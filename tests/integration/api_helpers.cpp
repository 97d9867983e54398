#include "api_helpers.hpp"

#include <sodium.h>

namespace folio::test {

test_user make_user(const std::string& database_url, const std::string& username, const std::string& role) {
  unsigned char random[32];
  randombytes_buf(random, sizeof random);
  char token[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(token, sizeof token, random, sizeof random, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token), std::strlen(token));
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  const auto id = std::stoll(
      query_value(database_url, "INSERT INTO users (username, email, password_hash, display_name, role) VALUES ('" +
                                    username + "', '" + username + "@example.test', 'not-a-hash', '" + username +
                                    "', '" + role + "') RETURNING id"));
  query_value(database_url, "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ('\\x" + std::string(hex) +
                                "', " + std::to_string(id) + ", now() + interval '30 days')");
  return {id, username, token};
}

response send_json(http_client& client, http::verb method, const std::string& target, const boost::json::value& body,
                   std::map<std::string, std::string> headers) {
  headers.try_emplace("Content-Type", "application/json");
  return client.request(method, target, boost::json::serialize(body), headers);
}

}  // namespace folio::test
