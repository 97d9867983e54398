#pragma once
// What the server reports about each answered request once its answer is written: enough for
// per-route counters and an access log line, and no header value, so no secret passes through.
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace folio::net {

struct exchange_record {
  boost::beast::http::verb method = boost::beast::http::verb::unknown;
  std::string_view method_text;  // as sent (empty when the request line could not be read)
  bool routed = false;           // false: answered before or without a route (bad target, 404, 405, shed, refused)
  std::size_t route = 0;         // the router's index of the matched route, when routed
  std::string_view route_pattern;
  std::string_view request_id;
  std::int64_t user_id = 0;  // the authenticated caller, 0 when anonymous or unknown
  bool shed = false;         // answered 503 by admission control, without running a handler
  unsigned status = 0;
  std::size_t body_bytes = 0;
  std::chrono::steady_clock::time_point received;  // when the request's header had arrived
  std::chrono::steady_clock::duration duration{};  // from then until the answer was written
};

// Called on the server's event loop for every answered request; it must not block.
using exchange_observer = std::function<void(const exchange_record&)>;

}  // namespace folio::net
