#pragma once
// Keyset pages: `limit` (1–100, default 20) and an opaque signed `cursor` in; items and
// `next_cursor` out. A cursor carries the sort key of the last item of its page, tagged with
// the list it belongs to, so a cursor from one list is refused by another. Every list reads its
// page with read_keyset_page and ends it with next_cursor: one shape check, one fetch rule.
#include <boost/json/array.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "app/web/cursor.hpp"
#include "app/web/endpoint.hpp"
#include "app/web/json_schema.hpp"
#include "app/web/json_writer.hpp"
#include "app/web/result.hpp"
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

// A page of a list whose sort key is made of Parts (each std::int64_t or std::string), such as
// [published_at, id]: how many items, and the key of the previous page's last item.
template <class... Parts>
struct keyset_page {
  using key = std::tuple<Parts...>;
  int limit = 20;
  std::optional<key> after;  // none on the first page
  // One row more than the page holds: whether it comes back tells whether a next page exists.
  int rows_to_fetch() const { return limit + 1; }
};

namespace keyset_detail {
bool read_part(const boost::json::value& from, std::int64_t& to);
bool read_part(const boost::json::value& from, std::string& to);
void append_part(boost::json::array& to, std::int64_t part);
void append_part(boost::json::array& to, const std::string& part);
}  // namespace keyset_detail

// `limit` and `cursor` of a list; 400 for a bad limit, or a cursor that is not this list's or
// whose key is not made of Parts. (Cursors are signed, so a bad shape means another version of
// folio made it; it is refused like any invalid cursor, never trusted.)
template <class... Parts>
result<keyset_page<Parts...>> read_keyset_page(const net::request& req, const cursor_codec& cursors,
                                               std::string_view list_name) {
  auto read = read_page_request(req, cursors, list_name);
  if (auto* problem = std::get_if<net::problem>(&read)) return std::move(*problem);
  auto& request = std::get<page_request>(read);
  keyset_page<Parts...> page{request.limit, std::nullopt};
  if (!request.after) return page;
  const auto& parts = *request.after;
  typename keyset_page<Parts...>::key key;
  const bool shaped =
      parts.size() == sizeof...(Parts) && std::apply(
                                              [&parts](auto&... part) {
                                                std::size_t at = 0;
                                                return (keyset_detail::read_part(parts[at++], part) && ...);
                                              },
                                              key);
  if (!shaped) return net::bad_request("the cursor is invalid");
  page.after = std::move(key);
  return page;
}

// Lists fetch rows_to_fetch() rows: when the extra one came, it is dropped here and the cursor of
// the next page, made of key_of(last row kept), is returned.
template <class Row, class KeyOf>
std::optional<std::string> next_cursor(std::vector<Row>& rows, int limit, const cursor_codec& cursors,
                                       std::string_view list_name, KeyOf key_of) {
  if (rows.size() <= static_cast<std::size_t>(limit)) return std::nullopt;
  rows.resize(static_cast<std::size_t>(limit));
  boost::json::array key;
  std::apply([&key](const auto&... part) { (keyset_detail::append_part(key, part), ...); }, key_of(rows.back()));
  return encode_cursor(cursors, list_name, std::move(key));
}

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
