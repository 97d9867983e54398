#include "app/routes.hpp"

#include "app/auth.hpp"
#include "app/health.hpp"

namespace folio::app {

void add_routes(net::router& routes, services& svc) { add_health_routes(routes, svc); }

std::vector<const db::statement*> all_statements() {
  std::vector<const db::statement*> all;
  for (auto* group : {health_statements, auth_statements}) {
    auto statements = group();
    all.insert(all.end(), statements.begin(), statements.end());
  }
  return all;
}

}  // namespace folio::app
