#pragma once
// The contents, chapters and likes endpoints.
#include <vector>

#include "app/web/services.hpp"
#include "db/statement.hpp"
#include "net/router.hpp"

namespace folio::app {

void add_content_routes(net::router& routes, services& svc);
std::vector<const db::statement*> content_statements();

}  // namespace folio::app
