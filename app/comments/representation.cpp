#include "app/comments/representation.hpp"

#include "app/web/pagination.hpp"

namespace folio::app::comments {

comment to_comment(comment_row row) {
  return {row.id,
          row.chapter_id,
          row.parent_id,
          people::author_of(row),
          std::move(row.body),
          row.deleted,
          row.reply_count,
          std::move(row.created_at),
          std::move(row.updated_at)};
}

std::string comment_page(std::vector<comment_row> rows, int limit, const cursor_codec& cursors, std::string_view list) {
  auto next = next_cursor(rows, limit, cursors, list, [](const comment_row& row) { return std::tuple{row.id}; });
  std::vector<comment> items;
  items.reserve(rows.size());
  for (auto& row : rows) items.push_back(to_comment(std::move(row)));
  return page_json(items, next);
}

}  // namespace folio::app::comments
