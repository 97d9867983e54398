#pragma once
// A library entry as the API shows it, {content, last_read_chapter_id, updated_at}, and pages
// of them. `content` has the contract's content form, the same struct the contents endpoints use.
#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/contents/representation.hpp"
#include "app/library/queries.hpp"
#include "app/web/cursor.hpp"

namespace folio::app::library {

// updated_at is the entry's: when the reader followed the content or last saved progress in it.
struct entry {
  contents::content_json content;
  std::optional<std::int64_t> last_read_chapter_id;
  db::timestamp updated_at;
};
BOOST_DESCRIBE_STRUCT(entry, (), (content, last_read_chapter_id, updated_at))

// {"items":[…],"next_cursor":…} from up to rows_to_fetch() rows: an extra row only says that another
// page follows, whose cursor carries [updated_at in microseconds, content id] of this page's last
// entry.
std::string entry_page(std::vector<entry_row> rows, int limit, const cursor_codec& cursors, std::string_view list);

}  // namespace folio::app::library
