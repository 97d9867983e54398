#pragma once
// The whole endpoint table and every statement the handlers prepare.
#include <vector>

#include "app/web/services.hpp"
#include "db/statement.hpp"
#include "net/router.hpp"

namespace folio::app {

void add_routes(net::router& routes, services& svc);
std::vector<const db::statement*> all_statements();

}  // namespace folio::app
