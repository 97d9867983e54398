// The page-cursor decoder, with a fixed secret. Two uses of each input:
//  - as a token a client sends: decode must refuse it or return a key that re-encodes to a token
//    decoding to the same key;
//  - as the JSON of a key: encoded, it must decode to the same key while it fits the length cap,
//    and no single changed character of the token may still decode (one accepted spelling per key).
// The token also goes through read_keyset_page as the `cursor` query parameter, the way list
// endpoints read it.
//
// FOLIO_FUZZ_WRITE_SEEDS=DIR makes the binary write seed tokens made by the real encoder with the
// fuzzing secret into DIR and exit (how tests/fuzz/corpus/cursor/token-* were made).
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <variant>

#include "app/web/cursor.hpp"
#include "app/web/pagination.hpp"
#include "net/utf8.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_cursor: %s\n", what);
  std::abort();
}

constexpr std::size_t max_token_length = 1024;  // app/web/cursor.cpp's cap

const folio::app::cursor_codec& codec() {
  static const folio::app::cursor_codec c("fuzzing secret, not a real one: 0123456789abcdef");
  return c;
}

// Equal keys, except that doubles may differ in their last digits: Boost.JSON 1.81 parses
// numbers with a fast method that can be off by an ulp or so, so serialize-then-parse of a
// double need not give it back (1.8446744073709186E23 came back as ...183E23). Real cursor keys
// hold only strings and integers, which round-trip exactly.
bool same_key(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_double() && b.is_double()) {
    const double x = a.get_double(), y = b.get_double();
    return x == y || std::fabs(x - y) <= 1e-14 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.is_array() && b.is_array()) {
    const auto &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!same_key(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object() && b.is_object()) {
    const auto &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& [name, value] : x) {
      const auto* other = y.if_contains(name);
      if (!other || !same_key(value, *other)) return false;
    }
    return true;
  }
  return a == b;
}

// Boost.JSON 1.81 reads a number too large for a double as infinity and writes infinity as
// `Infinity`, which it cannot read back. No cursor key holds a double at all, let alone one that
// is not finite, so such keys are left out of the round trip.
bool finite(const boost::json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double());
  if (v.is_array()) return std::all_of(v.get_array().begin(), v.get_array().end(), finite);
  if (v.is_object()) {
    for (const auto& [name, value] : v.get_object()) {
      if (!finite(value)) return false;
    }
  }
  return true;
}

void check_round_trip(const boost::json::array& key) {
  if (!std::all_of(key.begin(), key.end(), finite)) return;
  const auto token = codec().encode(key);
  auto again = codec().decode(token);
  if (token.size() > max_token_length) {
    if (again) fail("a token over the length cap decoded");
    return;
  }
  if (!again) fail("an encoded key did not decode");
  if (!same_key(*again, key)) fail("a key changed in a round trip");
  // One changed character at a few places: the ends, the dot, and one that depends on the key.
  std::string tampered = token;
  for (std::size_t at : {std::size_t{0}, token.size() - 1, token.find('.'), (key.size() * 31 + 7) % token.size()}) {
    const char original = tampered[at];
    for (char replacement : {'A', 'g', '_', '-', '.', '='}) {
      if (replacement == original) continue;
      tampered[at] = replacement;
      if (codec().decode(tampered)) fail("a tampered token decoded");
    }
    tampered[at] = original;
  }
}

// Shaped like the keys the list endpoints sign: the list's name, then its sort key.
void write_seeds(const std::string& dir) {
  namespace json = boost::json;
  const json::array keys[] = {
      {"contents.latest", "2024-05-01T12:00:00.123456Z", 1042},
      {"contents.updated", "2023-12-31T23:59:59.999999Z", 7},
      {"contents.popular", "1523", 88},
      {"chapters:17", 3},
      {"users.contents:alice", "2024-01-02T03:04:05Z", 9},
      {"comments:5", 123456789},
      {"replies:99", 4},
      {"library/12", 1714564800123456, 31},
      {"contents.latest", "", 9223372036854775807},
      {"contents.latest"},
      {},
      {"chapters:1", -1, nullptr, true, 1.5, json::object{{"k", "v"}}},
  };
  int n = 0;
  for (const auto& key : keys) {
    std::ofstream(dir + "/token-" + std::to_string(++n)) << codec().encode(key);
  }
}

void read_as_query(std::string_view token) {
  boost::urls::url target("/api/v1/contents");
  target.params().append({"cursor", token});
  target.params().append({"limit", "20"});
  folio::net::http_request message{folio::net::http::verb::get, target.buffer(), 11};
  const folio::net::request req{message, target, {}, "fuzz", "/api/v1/contents", {}};
  auto page = folio::app::read_keyset_page<std::string, std::int64_t>(req, codec(), "contents.latest");
  if (page) {
    if (page->limit != 20) fail("the limit changed");
  } else if (static_cast<unsigned>(page.problem().status) != 400) {
    fail("a cursor refused with another status than 400");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (const char* dir = std::getenv("FOLIO_FUZZ_WRITE_SEEDS")) {
    write_seeds(dir);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (auto key = codec().decode(input)) check_round_trip(*key);
  // The server refuses a query that is not valid UTF-8 before any handler reads it.
  if (folio::net::is_valid_utf8(input)) read_as_query(input);

  boost::json::error_code ec;
  auto value = boost::json::parse(input, ec);
  if (!ec && value.is_array()) check_round_trip(value.as_array());
  return 0;
}
