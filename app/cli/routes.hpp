#pragma once
// The whole endpoint table (which both the router and /openapi.json read) and every statement
// the handlers prepare.
#include <string>
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"
#include "net/router.hpp"

namespace folio::app {

std::vector<api_section> api_sections();
// The OpenAPI 3.1 document of api_sections(), as GET /openapi.json and `folio openapi` give it.
std::string api_description();
void add_routes(net::router& routes, services& svc);
std::vector<const db::statement*> all_statements();

}  // namespace folio::app
