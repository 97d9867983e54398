#pragma once
// The request body of PUT /me/progress/{content_id}: {"chapter_id": <positive integer>}. Any
// other field, or a missing or mistyped chapter_id, is 422; a body that is not a JSON object is
// 400 (or 415 for a non-JSON content type).
#include <cstdint>

#include "app/web/request_body.hpp"
#include "app/web/result.hpp"
#include "net/request.hpp"

namespace folio::app::library {

struct progress {
  std::int64_t chapter_id;
};

// The form's fields, as read_form takes them (and form_schema describes them).
std::optional<progress> progress_fields(body_reader& in, boost::json::object& body);

result<progress> read_progress(const net::request& req);

}  // namespace folio::app::library
