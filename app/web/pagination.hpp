#pragma once
// Keyset pages: `limit` (1–100, default 20) and an opaque signed `cursor` in; items and
// `next_cursor` out. A cursor carries the sort key of the last item of its page, tagged with
// the list it belongs to, so a cursor from one list is refused by another.
#include <boost/json/array.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/web/cursor.hpp"
#include "app/web/endpoint.hpp"
#include "app/web/json_schema.hpp"
#include "app/web/json_writer.hpp"
#include "net/problem.hpp"
#include "net/request.hpp"

namespace folio::app {

inline constexpr int default_page_limit = 20;
inline constexpr int max_page_limit = 100;

struct page_request {
  int limit = default_page_limit;
  std::optional<boost::json::array> after;  // the sort key of the previous page's last item
};

// A query parameter, percent-decoded (the server already checked it is valid UTF-8).
std::optional<std::string> query_param(const net::request& req, std::string_view name);

std::variant<page_request, net::problem> read_page_request(const net::request& req, const cursor_codec& cursors,
                                                           std::string_view list_name);

// `limit` and `cursor`, as the API description lists them, before the list's own `more`.
std::vector<query_parameter> page_parameters(std::vector<query_parameter> more = {});

std::string encode_cursor(const cursor_codec& cursors, std::string_view list_name, boost::json::array key);

// {"items":[…],"next_cursor":…}
template <class T>
std::string page_json(const std::vector<T>& items, const std::optional<std::string>& next_cursor) {
  std::string out = "{\"items\":";
  write_json(out, items);
  out += ",\"next_cursor\":";
  write_json(out, next_cursor);
  out += '}';
  return out;
}

// The JSON Schema of page_json's output.
template <class T>
boost::json::object page_schema() {
  return {{"type", "object"},
          {"properties",
           {{"items", schema_of<std::vector<T>>()}, {"next_cursor", schema_of<std::optional<std::string>>()}}},
          {"required", {"items", "next_cursor"}}};
}

}  // namespace folio::app
