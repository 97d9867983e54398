#pragma once
// RFC 9457 problem details, the only shape an error takes on the wire. The status → code and
// title table lives in problem.cpp, the one place where API error codes are named.
#include <boost/beast/http/status.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace folio::net {

struct field_error {
  std::string field;
  std::string message;
};

struct problem {
  boost::beast::http::status status;
  std::string detail;
  std::vector<field_error> errors;                  // validation_failed and conflict only
  std::optional<std::chrono::seconds> retry_after;  // 429 and 503
  std::string allow;                                // 405: the methods the path accepts
};

// The contract's machine-readable code for a status ("not_found", "validation_failed", …).
std::string_view problem_code(boost::beast::http::status status);
std::string problem_json(const problem& p);

problem bad_request(std::string detail);
problem unauthorized(std::string detail);
problem forbidden(std::string detail);
problem not_found(std::string detail);
problem conflict(std::string detail, std::vector<field_error> errors);
problem precondition_failed(std::string detail);
// `limit`: the largest body accepted, in bytes, which the detail names.
problem payload_too_large(std::size_t limit);
problem validation_failed(std::vector<field_error> errors);
problem rate_limited(std::chrono::seconds retry_after);
problem unavailable(std::string detail, std::chrono::seconds retry_after = std::chrono::seconds(1));
problem internal_error();

}  // namespace folio::net
