#include "app/web/cursor.hpp"

#include <stdexcept>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <sodium.h>

namespace folio::app {
namespace {

static_assert(crypto_auth_hmacsha256_KEYBYTES == 32);

// Real cursors are a few dozen bytes; the cap bounds the work an attacker can ask for.
constexpr std::size_t max_token_length = 1024;
constexpr int base64_variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

void init_sodium() {
  // Idempotent and thread-safe; only fails if no randomness source is available.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string to_base64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, base64_variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, base64_variant);
  out.pop_back();  // the encoded length counts the terminating NUL
  return out;
}

// libsodium rejects characters outside the alphabet and non-zero padding bits, so every byte
// string has exactly one accepted encoding and tokens cannot be varied while still verifying.
std::optional<std::vector<unsigned char>> from_base64(std::string_view text) {
  if (text.empty()) return std::nullopt;        // no cursor part is ever empty (and libsodium wants a buffer)
  std::vector<unsigned char> out(text.size());  // base64 never decodes to more bytes than chars
  std::size_t size = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &size, nullptr, base64_variant) !=
      0) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

}  // namespace

cursor_codec::cursor_codec(std::string_view secret) {
  init_sodium();
  crypto_generichash(key_.data(), key_.size(), bytes(secret), secret.size(), nullptr, 0);
}

std::string cursor_codec::encode(const boost::json::array& key) const {
  std::string payload = boost::json::serialize(key);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256(mac.data(), bytes(payload), payload.size(), key_.data());
  return to_base64(bytes(payload), payload.size()) + "." + to_base64(mac.data(), mac.size());
}

std::optional<boost::json::array> cursor_codec::decode(std::string_view token) const {
  if (token.size() > max_token_length) return std::nullopt;
  auto dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto payload = from_base64(token.substr(0, dot));
  auto mac = from_base64(token.substr(dot + 1));
  if (!payload || !mac || mac->size() != crypto_auth_hmacsha256_BYTES) return std::nullopt;
  // Verify before parsing, so unauthenticated bytes never reach the JSON parser.
  if (crypto_auth_hmacsha256_verify(mac->data(), payload->data(), payload->size(), key_.data()) != 0) {
    return std::nullopt;
  }
  boost::json::error_code ec;
  auto parsed =
      boost::json::parse(boost::json::string_view(reinterpret_cast<const char*>(payload->data()), payload->size()), ec);
  if (ec || !parsed.is_array()) return std::nullopt;
  return std::move(parsed.as_array());
}

std::string random_secret() {
  init_sodium();
  std::array<unsigned char, 32> secret;
  randombytes_buf(secret.data(), secret.size());
  std::string hex(secret.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), secret.data(), secret.size());
  hex.pop_back();  // sodium_bin2hex writes a terminating NUL
  return hex;
}

}  // namespace folio::app
