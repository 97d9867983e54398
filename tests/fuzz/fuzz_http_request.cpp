// The request path up to the router: the bytes a client sends, through the Beast parser with
// the server's limits, then what server::dispatch does before it calls a handler (origin-form
// target, decoded segments and query checked as UTF-8, the router's match). Handlers are never
// called: they need a database.
//
// Each input is parsed twice, at once and in small pieces as a socket would deliver it; both
// must parse the same request (or both fail), since the server's reads split a request anywhere.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/router.hpp"
#include "net/server.hpp"
#include "net/target.hpp"

namespace {

namespace http = boost::beast::http;
using parser_type = http::request_parser<http::string_body>;
using folio::net::router;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_http_request: %s\n", what);
  std::abort();
}

const router& app_routes() {
  static const router routes = [] {
    struct entry {
      http::verb method;
      const char* pattern;
    };
    // Generated from app/web/health.cpp and app/*/routes.cpp by CMakeLists.txt.
    static const entry table[] = {
#include "fuzz_routes.inc"
    };
    router r;
    for (const auto& e : table) {
      r.add(e.method, e.pattern, [](folio::net::request&) -> boost::asio::awaitable<folio::net::http_response> {
        fail("a handler was called");
      });
    }
    return r;
  }();
  return routes;
}

// Feeds `input` to the parser `step` bytes at a time, as Beast's reads do from a growing buffer:
// what the parser did not consume stays in front of the next bytes. The end of the input is
// the client closing its side.
boost::beast::error_code feed(parser_type& parser, std::string_view input, std::size_t step) {
  std::string pending;
  std::size_t offset = 0;
  boost::beast::error_code ec;
  while (!parser.is_done()) {
    if (offset == input.size()) {
      parser.put_eof(ec);
      return ec;
    }
    const auto n = std::min(step, input.size() - offset);
    pending.append(input.substr(offset, n));
    offset += n;
    while (!pending.empty() && !parser.is_done()) {
      const auto used = parser.put(boost::asio::buffer(pending), ec);
      pending.erase(0, used);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return ec;
      if (used == 0) break;
    }
  }
  return ec;
}

// A fresh parser set up as server::exchange sets up its own.
void limit(parser_type& parser) {
  const folio::net::server_settings defaults;
  parser.header_limit(static_cast<std::uint32_t>(defaults.max_header_bytes));
  parser.body_limit(defaults.max_body_bytes);
}

// What server::exchange reads of any parsed header, complete or not.
void read_header_fields(const parser_type& parser) {
  const auto& message = parser.get();
  volatile std::size_t sink = message["X-Request-Id"].size();
  sink = sink + boost::beast::iequals(message[http::field::expect], "100-continue");
  (void)sink;
}

// What server::dispatch does before calling a handler.
void route(const folio::net::http_request& message) {
  auto parsed = boost::urls::parse_origin_form(message.target());
  if (!parsed) return;  // 400
  auto segments = folio::net::decoded_segments(*parsed);
  if (!segments || !folio::net::query_is_valid_utf8(*parsed)) return;  // 400
  folio::net::path_params params;
  auto match = app_routes().match(message.method(), *segments, params);
  if (match.target) {
    if (match.route.empty() || !match.allow.empty()) fail("a match with no route, or with an Allow list");
    // Handlers read their parameters; every id a route accepted is positive.
    for (std::size_t i = 0; i < folio::net::path_params::capacity; ++i) {
      if (params.id(i) < 0) fail("a negative id parameter");
      volatile auto size = params.text(i).size();
      (void)size;
    }
  }
  (void)message.keep_alive();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  parser_type whole;
  limit(whole);
  const auto whole_ec = feed(whole, input, input.size() + 1);
  read_header_fields(whole);

  parser_type pieces;
  limit(pieces);
  const auto pieces_ec = feed(pieces, input, size % 13 + 1);

  // Beast may name a broken header differently depending on how much of it it holds (a bad field
  // seen at once is a partial message when the header arrives in pieces and never ends): the
  // server answers either with a 400, so only "parsed or not" must agree.
  if (bool(whole_ec) != bool(pieces_ec)) {
    std::fprintf(stderr, "at once: %s; in pieces of %zu: %s\n", whole_ec.message().c_str(), size % 13 + 1,
                 pieces_ec.message().c_str());
    fail("whether a request parses depends on how its bytes arrive");
  }
  if (whole_ec) return 0;  // the server answers 400, 413 or 431, or just closes
  const auto& message = whole.get();
  const auto& other = pieces.get();
  if (message.method_string() != other.method_string() || message.target() != other.target() ||
      message.body() != other.body())
    fail("the message depends on how the bytes arrive");
  if (message.body().size() > folio::net::server_settings{}.max_body_bytes) fail("a body over the limit");
  route(message);
  return 0;
}
