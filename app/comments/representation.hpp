#pragma once
// A comment as the API shows it, and pages of them.
#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/comments/queries.hpp"
#include "app/people/author.hpp"
#include "app/web/cursor.hpp"

namespace folio::app::comments {

// {id, chapter_id, parent_id, author, body, deleted, reply_count, created_at, updated_at};
// a deleted comment keeps its author and shows body null.
struct comment {
  std::int64_t id;
  std::int64_t chapter_id;
  std::optional<std::int64_t> parent_id;
  people::author author;
  std::optional<std::string> body;
  bool deleted;
  std::int64_t reply_count;
  db::timestamp created_at;
  db::timestamp updated_at;
};
BOOST_DESCRIBE_STRUCT(comment, (),
                      (id, chapter_id, parent_id, author, body, deleted, reply_count, created_at, updated_at))

comment to_comment(comment_row row);

// {"items":[…],"next_cursor":…} from up to rows_to_fetch() rows: an extra row only says that another
// page follows, whose cursor carries the id of this page's last item, tagged with `list`.
std::string comment_page(std::vector<comment_row> rows, int limit, const cursor_codec& cursors, std::string_view list);

}  // namespace folio::app::comments
