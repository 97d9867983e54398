#pragma once
// The reader's library: follow and unfollow contents, list them with the reading progress, and
// save the chapter read last (which follows the content too).
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"

namespace folio::app {

// The endpoints, for the router and the API description.
api_section library_api();
std::vector<const db::statement*> library_statements();

}  // namespace folio::app
