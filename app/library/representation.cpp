#include "app/library/representation.hpp"

#include "app/web/pagination.hpp"

namespace folio::app::library {
namespace {

entry to_entry(entry_row row) {
  auto last_read = row.last_read_chapter_id;
  auto updated_at = std::move(row.entry_updated_at);
  return {contents::content_of(std::move(row)), last_read, std::move(updated_at)};
}

}  // namespace

std::string entry_page(std::vector<entry_row> rows, int limit, const cursor_codec& cursors, std::string_view list) {
  auto next = next_cursor(rows, limit, cursors, list, [](const entry_row& row) {
    return std::tuple{std::int64_t{row.entry_updated_at.time_since_epoch().count()}, row.id};
  });
  std::vector<entry> items;
  items.reserve(rows.size());
  for (auto& row : rows) items.push_back(to_entry(std::move(row)));
  return page_json(items, next);
}

}  // namespace folio::app::library
