#pragma once
// The request bodies of the comment endpoints. Bodies are not trimmed (the contract keeps body
// fields as sent) and hold 1 to 10000 code points; every broken or unknown field is reported at
// once (422), a body that is not a JSON object is 400 (or 415 for a non-JSON content type).
#include <cstdint>
#include <optional>
#include <string>

#include "app/web/request_body.hpp"
#include "app/web/result.hpp"
#include "net/request.hpp"

namespace folio::app::comments {

// POST /chapters/{id}/comments: `body`, optional `parent_id` (null means top-level, as absent does).
struct new_comment {
  std::string body;
  std::optional<std::int64_t> parent_id;
};

// PATCH /comments/{id}: `body`.
struct comment_edit {
  std::string body;
};

// The fields of each form, as read_form takes them (and form_schema describes them).
std::optional<new_comment> new_comment_fields(body_reader& in, boost::json::object& body);
std::optional<comment_edit> comment_edit_fields(body_reader& in, boost::json::object& body);

result<new_comment> read_new_comment(const net::request& req);
result<comment_edit> read_comment_edit(const net::request& req);

}  // namespace folio::app::comments
