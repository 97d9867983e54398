#include "app/library/requests.hpp"

#include <limits>

#include "app/web/request_body.hpp"

namespace folio::app::library {

std::optional<progress> progress_fields(body_reader& in, boost::json::object&) {
  auto chapter_id = in.integer("chapter_id", 1, std::numeric_limits<std::int64_t>::max(), presence::required);
  if (!chapter_id) return std::nullopt;
  return progress{*chapter_id};
}

result<progress> read_progress(const net::request& req) { return read_form<progress>(req, progress_fields); }

}  // namespace folio::app::library
