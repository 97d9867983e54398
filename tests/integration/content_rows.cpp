#include "content_rows.hpp"

#include <atomic>

#include "harness.hpp"

namespace folio::test {

std::int64_t make_content(const std::string& database_url, std::int64_t author_id, const std::string& status) {
  static std::atomic<int> counter{0};
  const auto n = std::to_string(++counter);
  return std::stoll(query_value(
      database_url, "INSERT INTO contents (author_id, slug, title, status, tags, published_at) VALUES (" +
                        std::to_string(author_id) + ", 'content-" + n + "', 'Content " + n + "', '" + status +
                        "', '{fantasy}', CASE WHEN '" + status + "' <> 'draft' THEN now() END) RETURNING id"));
}

std::int64_t make_chapter(const std::string& database_url, std::int64_t content_id, bool published) {
  const auto content = std::to_string(content_id);
  return std::stoll(query_value(
      database_url, "INSERT INTO chapters (content_id, number, title, body, word_count, published_at) SELECT " +
                        content + ", coalesce(max(number), 0) + 1, 'A chapter', 'Once upon a time', 4, " +
                        (published ? "now()" : "NULL") + " FROM chapters WHERE content_id = " + content +
                        " RETURNING id"));
}

}  // namespace folio::test
