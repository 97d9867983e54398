#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

#include <boost/json.hpp>
#include <sodium.h>

#include "app/web/cursor.hpp"

using folio::app::cursor_codec;
namespace json = boost::json;

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const std::string secret = "a test secret that is long enough";

json::array sample_key() { return json::array{"2026-11-25T10:00:00.000Z", 42, "slug-é", nullptr}; }

std::string base64url(std::string_view data) {
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.pop_back();
  return out;
}

// A token whose payload is `payload`, correctly signed the way cursor_codec signs.
std::string signed_token(std::string_view secret_text, std::string_view payload) {
  unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
  crypto_generichash(key, sizeof key, reinterpret_cast<const unsigned char*>(secret_text.data()), secret_text.size(),
                     nullptr, 0);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), key);
  return base64url(payload) + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

// A base64url character other than c.
char other_base64_char(char c) { return c == 'A' ? 'B' : 'A'; }

}  // namespace

BOOST_AUTO_TEST_SUITE(cursor)

BOOST_AUTO_TEST_CASE(round_trip) {
  cursor_codec codec(secret);
  for (const auto& key : {sample_key(), json::array{}, json::array{1.5, true, json::array{1, 2}}}) {
    auto token = codec.encode(key);
    auto decoded = codec.decode(token);
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST((*decoded == key));
  }
}

BOOST_AUTO_TEST_CASE(token_shape_is_url_safe) {
  auto token = cursor_codec(secret).encode(sample_key());
  BOOST_TEST(token.find_first_not_of(std::string(alphabet) + ".") == std::string::npos);
  BOOST_TEST(std::count(token.begin(), token.end(), '.') == 1);
  BOOST_TEST(token.find('=') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(encoding_is_deterministic_and_matches_the_documented_format) {
  auto key = sample_key();
  auto token = cursor_codec(secret).encode(key);
  BOOST_TEST(token == cursor_codec(secret).encode(key));
  BOOST_TEST(token == signed_token(secret, json::serialize(key)));
}

BOOST_AUTO_TEST_CASE(every_tampered_character_is_rejected) {
  cursor_codec codec(secret);
  auto token = codec.encode(sample_key());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '.') continue;
    auto tampered = token;
    tampered[i] = other_base64_char(tampered[i]);
    BOOST_TEST_CONTEXT("position " << i) { BOOST_TEST(!codec.decode(tampered).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(truncated_and_extended_tokens_are_rejected) {
  cursor_codec codec(secret);
  auto token = codec.encode(sample_key());
  for (std::size_t length = 0; length < token.size(); ++length) {
    BOOST_TEST_CONTEXT("length " << length) { BOOST_TEST(!codec.decode(token.substr(0, length)).has_value()); }
  }
  BOOST_TEST(!codec.decode(token.substr(1)).has_value());
  BOOST_TEST(!codec.decode(token + "A").has_value());
  BOOST_TEST(!codec.decode(token + ".").has_value());
  BOOST_TEST(!codec.decode(token + "=").has_value());
  BOOST_TEST(!codec.decode("A" + token).has_value());
}

BOOST_AUTO_TEST_CASE(other_secret_is_rejected) {
  auto token = cursor_codec(secret).encode(sample_key());
  BOOST_TEST(!cursor_codec("a different secret, also long enough").decode(token).has_value());
  BOOST_TEST(!cursor_codec(secret + "x").decode(token).has_value());
  BOOST_TEST(cursor_codec(secret).decode(token).has_value());
}

BOOST_AUTO_TEST_CASE(garbage_is_rejected) {
  cursor_codec codec(secret);
  for (std::string_view bad :
       {"", ".", "..", "abc", "abc.", ".abc", "not base64!.abc", "W10.", "W10.%%%", "W10=.AAAA", "a.b.c"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!codec.decode(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(signed_payload_must_be_a_json_array) {
  cursor_codec codec(secret);
  BOOST_TEST(codec.decode(signed_token(secret, "[1,\"a\"]")).has_value());
  for (std::string_view payload : {"{\"a\":1}", "42", "\"s\"", "null", "[1,", "", "[1] x"}) {
    BOOST_TEST_CONTEXT(payload) { BOOST_TEST(!codec.decode(signed_token(secret, payload)).has_value()); }
  }
}

BOOST_AUTO_TEST_CASE(length_limit) {
  cursor_codec codec(secret);
  // Validly signed tokens of a chosen length. Unpadded base64 never has length 1 mod 4, so with
  // the 44 characters of dot and MAC no token is 1025 long: 1026 is the first one over.
  auto token_of_length = [&](std::size_t wanted) {
    for (std::size_t n = 0; n < 1000; ++n) {
      auto token = signed_token(secret, "[\"" + std::string(n, 'x') + "\"]");
      if (token.size() == wanted) return token;
    }
    BOOST_FAIL("no payload gives a token of length " << wanted);
    return std::string();
  };
  BOOST_TEST(codec.decode(token_of_length(1024)).has_value());
  BOOST_TEST(!codec.decode(token_of_length(1026)).has_value());
}

BOOST_AUTO_TEST_CASE(non_canonical_base64_is_rejected) {
  cursor_codec codec(secret);
  auto token = codec.encode(json::array{1});  // "[1]" is 3 bytes: 4 characters, no spare bits
  auto mac_start = token.find('.') + 1;
  // The MAC is 32 bytes: 43 characters, whose last carries 2 unused bits that must be zero.
  auto last = token.back();
  auto value = alphabet.find(last);
  BOOST_REQUIRE(token.size() - mac_start == 43u);
  BOOST_REQUIRE(value % 4 == 0);
  auto sloppy = token;
  sloppy.back() = alphabet[value + 1];
  BOOST_TEST(!codec.decode(sloppy).has_value());
}

BOOST_AUTO_TEST_CASE(random_secrets) {
  auto a = folio::app::random_secret();
  auto b = folio::app::random_secret();
  BOOST_TEST(a.size() == 64u);
  BOOST_TEST(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  BOOST_TEST(a != b);
}

BOOST_AUTO_TEST_SUITE_END()
