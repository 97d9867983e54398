#include "net/response.hpp"

namespace folio::net {

http_response json_response(http::status status, std::string body) {
  http_response response{status, 11};
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.body() = std::move(body);
  return response;
}

http_response empty_response(http::status status) { return http_response{status, 11}; }

http_response problem_response(const problem& p) {
  http_response response{p.status, 11};
  response.set(http::field::content_type, "application/problem+json");
  if (p.status == http::status::unauthorized) response.set(http::field::www_authenticate, "Bearer");
  if (p.retry_after) response.set(http::field::retry_after, std::to_string(p.retry_after->count()));
  if (!p.allow.empty()) response.set(http::field::allow, p.allow);
  response.body() = problem_json(p);
  return response;
}

}  // namespace folio::net
