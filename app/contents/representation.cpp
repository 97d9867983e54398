#include "app/contents/representation.hpp"

#include "app/web/etag.hpp"
#include "app/web/json_writer.hpp"
#include "net/response.hpp"

namespace folio::app::contents {
namespace {

net::http_response with_etag(net::http::status status, std::string body) {
  auto etag = strong_etag(body);
  auto response = net::json_response(status, std::move(body));
  response.set(net::http::field::etag, etag);
  return response;
}

}  // namespace

content_json content_of(content_row row) {
  return {row.id,
          std::move(row.slug),
          std::move(row.title),
          std::move(row.description),
          std::move(row.kind),
          std::move(row.status),
          std::move(row.tags),
          people::author_of(row),
          row.chapter_count,
          row.like_count,
          row.follower_count,
          std::move(row.created_at),
          std::move(row.updated_at),
          std::move(row.published_at)};
}

std::vector<content_json> contents_of(std::vector<content_row> rows) {
  std::vector<content_json> items;
  items.reserve(rows.size());
  for (auto& row : rows) items.push_back(content_of(std::move(row)));
  return items;
}

std::string content_body(const db::result& r) { return to_json(content_of(db::one<content_row>(r))); }

std::string chapter_body(const db::result& r) { return to_json(db::one<chapter_detail_row>(r)); }

net::http_response content_response(net::http::status status, content_row row) {
  return with_etag(status, to_json(content_of(std::move(row))));
}

net::http_response chapter_response(chapter_detail_row row) { return with_etag(net::http::status::ok, to_json(row)); }

}  // namespace folio::app::contents
