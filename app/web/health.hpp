#pragma once
// GET /healthz (the process is up) and GET /readyz (the database answers and the schema is
// migrated: migrations run before the server listens).
#include <vector>

#include "app/web/services.hpp"
#include "db/statement.hpp"
#include "net/router.hpp"

namespace folio::app {

void add_health_routes(net::router& routes, services& svc);
std::vector<const db::statement*> health_statements();

}  // namespace folio::app
