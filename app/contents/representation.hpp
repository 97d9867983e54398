#pragma once
// The API's JSON forms of contents and chapters, and the responses that carry them. A GET of a
// single content or chapter also carries a strong ETag computed from the body itself, so it
// changes exactly when the representation does (counters and the author's name included).
#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/contents/rows.hpp"
#include "app/people/author.hpp"
#include "db/result.hpp"
#include "net/request.hpp"

namespace folio::app::contents {

struct content_json {
  std::int64_t id;
  std::string slug;
  std::string title;
  std::string description;
  std::string kind;
  std::string status;
  std::vector<std::string> tags;
  people::author author;
  std::int64_t chapter_count;
  std::int64_t like_count;
  std::int64_t follower_count;
  db::timestamp created_at;
  db::timestamp updated_at;
  std::optional<db::timestamp> published_at;
};
BOOST_DESCRIBE_STRUCT(content_json, (),
                      (id, slug, title, description, kind, status, tags, author, chapter_count, like_count,
                       follower_count, created_at, updated_at, published_at))

content_json content_of(content_row row);
std::vector<content_json> contents_of(std::vector<content_row> rows);

// The GET bodies of the single row in a result (for If-Match comparisons).
std::string content_body(const db::result& r);
std::string chapter_body(const db::result& r);

// A content or chapter with its ETag.
net::http_response content_response(net::http::status status, content_row row);
net::http_response chapter_response(chapter_detail_row row);

}  // namespace folio::app::contents
