#pragma once
// The endpoint table: (method, path pattern) → handler. Patterns are literal segments and
// parameters, `{name}` for text and `{name:id}` for a positive 64-bit integer; a segment that
// does not fit its type simply does not match, so a bad id is 404, never 500.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/request.hpp"

namespace folio::net {

class router {
 public:
  using handler = std::function<boost::asio::awaitable<http_response>(request&)>;

  struct match_result {
    const handler* target = nullptr;  // null: no route for this method
    std::string_view route;           // the pattern matched
    std::size_t index = 0;            // the route's place in the table: a cheap key for per-route counters
    std::string allow;                // methods the path accepts: non-empty means 405, empty 404
  };

  // A route as added: for comparing the table with a description of it.
  struct entry {
    http::verb method;
    std::string_view pattern;
  };

  void add(http::verb method, std::string_view pattern, handler h);
  std::vector<entry> entries() const;
  match_result match(http::verb method, const std::vector<std::string>& segments, path_params& params) const;

  // The table, by index, for whoever labels per-route counters.
  std::size_t size() const noexcept { return routes_.size(); }
  std::string_view pattern(std::size_t index) const noexcept { return routes_[index].pattern; }
  http::verb method(std::size_t index) const noexcept { return routes_[index].method; }

 private:
  struct segment {
    std::string literal;
    enum class kind { literal, text, id } type = kind::literal;
  };
  struct route {
    http::verb method;
    std::string pattern;
    std::vector<segment> segments;
    handler target;
  };
  static bool matches(const route& r, const std::vector<std::string>& segments, path_params* params);

  std::vector<route> routes_;
};

// Parses a positive decimal integer that fits in 64 bits, nothing else ("+1", "01x", "0" fail).
bool parse_id(std::string_view text, std::int64_t& out) noexcept;

}  // namespace folio::net
