#pragma once
// What the contents and chapters statements return, one struct per row shape (see queries.hpp).
#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/row.hpp"

namespace folio::app::contents {

// A content with its author, flat as the row reader needs it; representation.hpp nests the
// author for the API.
struct content_row {
  std::int64_t id;
  std::string slug;
  std::string title;
  std::string description;
  std::string kind;
  std::string status;
  std::vector<std::string> tags;
  std::int64_t author_id;
  std::string author_username;
  std::string author_display_name;
  std::int64_t chapter_count;
  std::int64_t like_count;
  std::int64_t follower_count;
  db::timestamp created_at;
  db::timestamp updated_at;
  std::optional<db::timestamp> published_at;
};
BOOST_DESCRIBE_STRUCT(content_row, (),
                      (id, slug, title, description, kind, status, tags, author_id, author_username,
                       author_display_name, chapter_count, like_count, follower_count, created_at, updated_at,
                       published_at))

// A chapter as lists, POST and PATCH show it; also its JSON form.
struct chapter_row {
  std::int64_t id;
  std::int64_t content_id;
  std::int64_t number;
  std::string title;
  std::int64_t word_count;
  std::int64_t comment_count;
  std::optional<db::timestamp> published_at;
  db::timestamp created_at;
  db::timestamp updated_at;
};
BOOST_DESCRIBE_STRUCT(chapter_row, (),
                      (id, content_id, number, title, word_count, comment_count, published_at, created_at, updated_at))

// A chapter as GET /chapters/{id} shows it: chapter_row's members, then the body and the
// neighbours the caller may see.
struct chapter_detail_row : chapter_row {
  std::string body;
  std::optional<std::int64_t> prev_id;
  std::optional<std::int64_t> next_id;
};
BOOST_DESCRIBE_STRUCT(chapter_detail_row, (chapter_row), (body, prev_id, next_id))

// A row that only says that something matched (and locked, for the lock statements).
struct found_row {
  std::int64_t id;
};
BOOST_DESCRIBE_STRUCT(found_row, (), (id))

}  // namespace folio::app::contents
