#pragma once
// The OpenAPI 3.1 description of the API, built from the route table's rows (app/web/endpoint.hpp):
// paths and methods from the patterns the router matches, bodies from the structs and readers the
// handlers use, problems from net/problem's status → code table.
#include <span>
#include <string>
#include <string_view>

#include "app/web/endpoint.hpp"

namespace folio::app {

std::string openapi_document(std::span<const api_section> sections, std::string_view version);

// A router pattern as an OpenAPI path: "/contents/{content:id}" → "/contents/{content}".
std::string openapi_path(std::string_view pattern);

}  // namespace folio::app
