#pragma once
// The contents, chapters and likes endpoints.
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"

namespace folio::app {

// The endpoints, for the router and the API description.
api_section content_api();
std::vector<const db::statement*> content_statements();

}  // namespace folio::app
