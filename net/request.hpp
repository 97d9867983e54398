#pragma once
// What a handler sees of a request: the parsed message, typed path parameters, the decoded
// query, and the request id.
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/url_view.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace folio::net {

namespace http = boost::beast::http;

using http_request = http::request<http::string_body>;
using http_response = http::response<http::string_body>;

// Path parameters in pattern order: `{name}` keeps the decoded text, `{name:id}` also holds the
// value, a positive integer that fits in 64 bits.
class path_params {
 public:
  static constexpr std::size_t capacity = 4;
  std::string_view text(std::size_t i) const noexcept { return texts_[i]; }
  std::int64_t id(std::size_t i) const noexcept { return ids_[i]; }

 private:
  friend class router;
  std::array<std::string, capacity> texts_{};
  std::array<std::int64_t, capacity> ids_{};
};

struct request {
  const http_request& message;
  boost::urls::url_view url;  // path and query, percent-decoded on access
  path_params params;
  std::string_view request_id;
  std::string_view route;         // the matched pattern, for logs
  boost::asio::ip::address peer;  // the client's address (for throttling)
  std::int64_t user_id = 0;       // who is calling, once the application has authenticated it (0: nobody)
};

}  // namespace folio::net
