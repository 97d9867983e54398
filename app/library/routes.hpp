#pragma once
// The reader's library: follow and unfollow contents, list them with the reading progress, and
// save the chapter read last (which follows the content too).
#include <vector>

#include "app/web/services.hpp"
#include "db/statement.hpp"
#include "net/router.hpp"

namespace folio::app {

void add_library_routes(net::router& routes, services& svc);
std::vector<const db::statement*> library_statements();

}  // namespace folio::app
