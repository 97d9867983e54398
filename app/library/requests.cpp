#include "app/library/requests.hpp"

#include <limits>

#include "app/request_body.hpp"

namespace folio::app::library {

result<progress> read_progress(const net::request& req) {
  auto body = read_json_object(req);
  if (auto* bad = std::get_if<net::problem>(&body)) return std::move(*bad);
  body_reader in(std::get<boost::json::object>(body));
  auto chapter_id = in.integer("chapter_id", 1, std::numeric_limits<std::int64_t>::max(), presence::required);
  auto errors = in.finish();
  if (!errors.empty()) return net::validation_failed(std::move(errors));
  return progress{*chapter_id};  // no errors: chapter_id was read
}

}  // namespace folio::app::library
