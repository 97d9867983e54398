#include "app/library/entry.hpp"

#include "app/pagination.hpp"

namespace folio::app::library {
namespace {

entry to_entry(entry_row row) {
  contents::content_json content{row.id,
                                 std::move(row.slug),
                                 std::move(row.title),
                                 std::move(row.description),
                                 std::move(row.kind),
                                 std::move(row.status),
                                 std::move(row.tags),
                                 author_of(row),
                                 row.chapter_count,
                                 row.like_count,
                                 row.follower_count,
                                 std::move(row.content_created_at),
                                 std::move(row.content_updated_at),
                                 std::move(row.published_at)};
  return {std::move(content), row.last_read_chapter_id, std::move(row.updated_at)};
}

}  // namespace

std::string entry_page(std::vector<entry_row> rows, int limit, const cursor_codec& cursors, std::string_view list) {
  std::optional<std::string> next_cursor;
  if (rows.size() > static_cast<std::size_t>(limit)) {
    rows.resize(static_cast<std::size_t>(limit));
    next_cursor = encode_cursor(cursors, list, {rows.back().updated_us, rows.back().id});
  }
  std::vector<entry> items;
  items.reserve(rows.size());
  for (auto& row : rows) items.push_back(to_entry(std::move(row)));
  return page_json(items, next_cursor);
}

}  // namespace folio::app::library
