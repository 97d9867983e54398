#pragma once
// The reader's library: follow and unfollow contents, list them with the reading progress, and
// save the chapter read last (which follows the content too).
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"

namespace folio::app::library {

// The endpoints, for the router and the API description.
api_section api();
// What the pool prepares, and checks against the row structs, at start-up.
std::vector<const db::statement*> prepared_statements();

}  // namespace folio::app::library
