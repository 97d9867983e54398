#pragma once
// GET /healthz (the process is up) and GET /readyz (the database answers and the schema is
// migrated: migrations run before the server listens).
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"

namespace folio::app {

api_section health_api();
std::vector<const db::statement*> health_statements();

}  // namespace folio::app
