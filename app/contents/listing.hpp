#pragma once
// The catalogue's lists: GET /contents's filters and sorts, and the keyset pages of content
// lists. A cursor carries [sort value, id] of its page's last row; the next page continues
// strictly after it in (sort value, id) order, so rows inserted meanwhile never shift a page
// and every row is returned exactly once. The sort value is text PostgreSQL reads back: a
// timestamp in RFC 3339 with milliseconds (the precision at which schema/migrations/0003 stores
// contents' timestamps, so nothing is lost), or a count.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
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
  std::string_view sort;  // the `sort` value
  std::string_view list;  // the cursors' list name
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
  std::optional<std::string> q;  // trimmed; absent when empty
};

// The `sort` values of GET /contents, the default first.
std::vector<std::string_view> sort_names();

// GET /contents's query string; 400 for a value that is malformed or not in its enumeration.
// Other parameters (limit, cursor, unknown ones) are left alone.
result<content_filters> read_content_filters(const net::request& req);

// A page of a content list: its key is [sort value, id] of the previous page's last row.
using content_page = keyset_page<std::string, std::int64_t>;

// Where the page's rows start (exclusive): after its cursor's key, or, on the first page, at
// `first` (a sort value past every row) and the largest id.
std::tuple<std::string, std::int64_t> start_of(const content_page& page, std::string_view first);

// The cursor key of a content row in a list sorted by `order`.
std::tuple<std::string, std::int64_t> key_of(const content_order& order, const content_row& row);

}  // namespace folio::app::contents
