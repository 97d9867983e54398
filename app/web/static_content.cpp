#include "app/web/static_content.hpp"

#include "app/web/etag.hpp"

namespace folio::app {

static_content::static_content(std::string body, std::string_view content_type, std::string_view cache_control)
    : body_(std::move(body)), content_type_(content_type), cache_control_(cache_control), etag_(strong_etag(body_)) {}

net::http_response static_content::respond(const net::request& req) const {
  const bool current = if_none_match_hit(req, etag_);
  net::http_response response{current ? net::http::status::not_modified : net::http::status::ok, 11};
  response.set(net::http::field::etag, etag_);
  response.set(net::http::field::cache_control, cache_control_);
  if (current) return response;
  response.set(net::http::field::content_type, content_type_);
  response.body() = body_;
  return response;
}

}  // namespace folio::app
