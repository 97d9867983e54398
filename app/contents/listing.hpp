#pragma once
// The catalogue's lists: GET /contents's filters and sorts, and the keyset pages of content
// lists. A cursor carries [sort value, id] of its page's last row; the next page continues
// strictly after it in (sort value, id) order, so rows inserted meanwhile never shift a page
// and every row is returned exactly once. The sort value is PostgreSQL text (a timestamp with
// milliseconds, at which precision schema/migrations/0003 stores contents' timestamps, or a count).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/contents/rows.hpp"
#include "app/web/cursor.hpp"
#include "app/web/pagination.hpp"
#include "app/web/result.hpp"
#include "db/statement.hpp"
#include "net/request.hpp"

namespace folio::app::contents {

// The first-page position of lists sorted by a timestamp, newest first.
inline constexpr std::string_view after_every_time = "infinity";

// One sort of GET /contents.
struct content_order {
  std::string_view sort;      // the `sort` value
  std::string_view list;      // the cursors' list name
  const db::statement* browse;
  const db::statement* search;  // with `q`
  std::string_view first;       // a sort value past every row: the first page starts there
  std::string (*value_of)(const content_row& row);
};

struct content_filters {
  const content_order* order;
  std::optional<std::string> author;  // username, lowercased
  std::optional<std::string> tag;     // lowercased
  std::optional<std::string> kind;
  std::optional<std::string> status;
  std::optional<std::string> q;       // trimmed; absent when empty
};

// The `sort` values of GET /contents, the default first.
std::vector<std::string_view> sort_names();

// GET /contents's query string; 400 for a value that is malformed or not in its enumeration.
// Other parameters (limit, cursor, unknown ones) are left alone.
result<content_filters> read_content_filters(const net::request& req);

// A keyset page of a content list: its size, and where it starts.
struct keyset_page {
  int limit;
  std::string value;
  std::int64_t id;
};

// `limit` and `cursor` for the list named `list`; without a cursor, the page starts at `first`.
result<keyset_page> read_keyset_page(const net::request& req, const cursor_codec& cursors, std::string_view list,
                                     std::string_view first);

// Lists fetch limit + 1 rows: the extra row, dropped here, tells that another page follows,
// whose cursor is returned.
template <class Row, class Key>
std::optional<std::string> next_cursor(std::vector<Row>& rows, int limit, const cursor_codec& cursors,
                                       std::string_view list, Key key_of) {
  if (rows.size() <= static_cast<std::size_t>(limit)) return std::nullopt;
  rows.resize(static_cast<std::size_t>(limit));
  return encode_cursor(cursors, list, key_of(rows.back()));
}

boost::json::array keyset_key(std::string value, std::int64_t id);

}  // namespace folio::app::contents
