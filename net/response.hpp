#pragma once
#include <string>

#include "net/problem.hpp"
#include "net/request.hpp"

namespace folio::net {

http_response json_response(http::status status, std::string body);
http_response empty_response(http::status status);
http_response problem_response(const problem& p);

}  // namespace folio::net
