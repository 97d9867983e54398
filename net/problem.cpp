#include "net/problem.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace folio::net {

namespace http = boost::beast::http;

std::string_view problem_code(http::status status) {
  switch (status) {
    case http::status::bad_request:
    case http::status::request_header_fields_too_large: return "bad_request";
    case http::status::unauthorized: return "unauthorized";
    case http::status::forbidden: return "forbidden";
    case http::status::not_found: return "not_found";
    case http::status::method_not_allowed: return "method_not_allowed";
    case http::status::conflict: return "conflict";
    case http::status::precondition_failed: return "precondition_failed";
    case http::status::payload_too_large: return "payload_too_large";
    case http::status::unsupported_media_type: return "unsupported_media_type";
    case http::status::unprocessable_entity: return "validation_failed";
    case http::status::too_many_requests: return "rate_limited";
    case http::status::service_unavailable: return "unavailable";
    default: return "internal";
  }
}

std::string problem_json(const problem& p) {
  boost::json::object body;
  body["type"] = "about:blank";
  body["title"] = std::string(http::obsolete_reason(p.status));
  body["status"] = static_cast<int>(p.status);
  body["code"] = problem_code(p.status);
  body["detail"] = p.detail;
  if (p.status == http::status::unprocessable_entity || p.status == http::status::conflict) {
    boost::json::array errors;
    for (const auto& e : p.errors) errors.push_back(boost::json::object{{"field", e.field}, {"message", e.message}});
    body["errors"] = std::move(errors);
  }
  return boost::json::serialize(body);
}

problem bad_request(std::string detail) { return {http::status::bad_request, std::move(detail)}; }
problem unauthorized(std::string detail) { return {http::status::unauthorized, std::move(detail)}; }
problem forbidden(std::string detail) { return {http::status::forbidden, std::move(detail)}; }
problem not_found(std::string detail) { return {http::status::not_found, std::move(detail)}; }
problem conflict(std::string detail, std::vector<field_error> errors) {
  return {http::status::conflict, std::move(detail), std::move(errors)};
}
problem precondition_failed(std::string detail) { return {http::status::precondition_failed, std::move(detail)}; }
problem payload_too_large(std::size_t limit) {
  const bool whole_mebibytes = limit % (1024 * 1024) == 0;
  const auto size = whole_mebibytes ? std::to_string(limit / (1024 * 1024)) + " MiB" : std::to_string(limit) + " bytes";
  return {http::status::payload_too_large, "the request body is larger than " + size};
}
problem validation_failed(std::vector<field_error> errors) {
  return {http::status::unprocessable_entity, "the request breaks validation rules", std::move(errors)};
}
problem rate_limited(std::chrono::seconds retry_after) {
  return {http::status::too_many_requests, "too many requests; retry later", {}, retry_after};
}
problem unavailable(std::string detail, std::chrono::seconds retry_after) {
  return {http::status::service_unavailable, std::move(detail), {}, retry_after};
}
problem internal_error() { return {http::status::internal_server_error, "an internal error occurred"}; }

}  // namespace folio::net
