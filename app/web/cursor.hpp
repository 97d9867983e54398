#pragma once
// Opaque keyset-pagination cursors. A cursor carries the sort key of the last row of a page;
// it is signed so clients cannot forge one that points anywhere the query would not.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>

namespace folio::app {

class cursor_codec {
 public:
  // Any secret length works: the HMAC key is derived from it with BLAKE2b.
  explicit cursor_codec(std::string_view secret);

  // base64url(JSON of key) "." base64url(HMAC-SHA-256 of that JSON), both without padding.
  std::string encode(const boost::json::array& key) const;

  // The key of a token made by encode() with the same secret; nullopt for anything else
  // (tampered, truncated, too long, not base64url, not a JSON array).
  std::optional<boost::json::array> decode(std::string_view token) const;

 private:
  static constexpr std::size_t key_bytes = 32;  // crypto_auth_hmacsha256_KEYBYTES
  std::array<unsigned char, key_bytes> key_;
};

// 32 random bytes as 64 hex characters, for when CURSOR_SECRET is not configured.
std::string random_secret();

}  // namespace folio::app
