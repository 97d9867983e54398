#pragma once
// The request bodies of the contents and chapters endpoints, read by the contract's rules: every
// broken or unknown field is reported at once (422); a body that is not a JSON object is 400 (or
// 415 for a non-JSON content type). Absent fields are nullopt: a PATCH leaves them as they are.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/web/request_body.hpp"
#include "app/web/result.hpp"
#include "net/request.hpp"

namespace folio::app::contents {

// Explicit chapter numbers stop here, so that "one past the highest" always fits in 64 bits.
inline constexpr std::int64_t max_chapter_number = 2147483647;

// POST /contents (title required) and PATCH /contents/{id}. kind and status are checked
// against their enumerations; tags are lowercased and de-duplicated, at most 10.
struct content_fields {
  std::optional<std::string> title;
  std::optional<std::string> slug;
  std::optional<std::string> description;
  std::optional<std::string> kind;
  std::optional<std::string> status;
  std::optional<std::vector<std::string>> tags;
};

// POST /contents/{id}/chapters (title and body required, `publish`) and PATCH /chapters/{id}
// (`published`). The body is kept byte for byte: neither trimmed nor normalised.
struct chapter_fields {
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<std::int64_t> number;
  std::optional<bool> published;
};

content_fields read_new_content(body_reader& reader);
content_fields read_content_changes(body_reader& reader);
chapter_fields read_new_chapter(body_reader& reader);
chapter_fields read_chapter_changes(body_reader& reader);

// The request's body read with one of the above.
template <class Fields>
result<Fields> read_body(const net::request& req, Fields (*read)(body_reader&)) {
  return read_form<Fields>(req, [read](body_reader& in, boost::json::object&) { return read(in); });
}

}  // namespace folio::app::contents
