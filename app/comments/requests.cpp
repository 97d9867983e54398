#include "app/comments/requests.hpp"

#include <limits>

#include "app/web/request_body.hpp"

namespace folio::app::comments {
namespace {

std::optional<std::string> comment_body(body_reader& in) {
  return in.text("body", 1, 10000, presence::required, trimming::keep);
}

}  // namespace

std::optional<new_comment> new_comment_fields(body_reader& in, boost::json::object&) {
  auto body = comment_body(in);
  // Comments show a top-level comment as "parent_id": null, so a client may send it that way.
  auto parent_id = in.integer("parent_id", 1, std::numeric_limits<std::int64_t>::max(), presence::optional_or_null);
  if (!body) return std::nullopt;
  return new_comment{std::move(*body), parent_id};
}

std::optional<comment_edit> comment_edit_fields(body_reader& in, boost::json::object&) {
  auto body = comment_body(in);
  if (!body) return std::nullopt;
  return comment_edit{std::move(*body)};
}

result<new_comment> read_new_comment(const net::request& req) {
  return read_form<new_comment>(req, new_comment_fields);
}

result<comment_edit> read_comment_edit(const net::request& req) {
  return read_form<comment_edit>(req, comment_edit_fields);
}

}  // namespace folio::app::comments
