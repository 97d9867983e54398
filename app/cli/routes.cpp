#include "app/cli/routes.hpp"

#include "app/accounts/routes.hpp"
#include "app/web/bearer.hpp"
#include "app/comments/routes.hpp"
#include "app/contents/routes.hpp"
#include "app/web/health.hpp"
#include "app/web/metrics.hpp"
#include "app/library/routes.hpp"

namespace folio::app {

void add_routes(net::router& routes, services& svc) {
  add_health_routes(routes, svc);
  add_metrics_route(routes, svc.metrics);
  add_account_routes(routes, svc);
  add_content_routes(routes, svc);
  add_comment_routes(routes, svc);
  add_library_routes(routes, svc);
}

std::vector<const db::statement*> all_statements() {
  std::vector<const db::statement*> all;
  for (auto* group : {health_statements, auth_statements, account_statements, content_statements, comment_statements,
                      library_statements}) {
    auto statements = group();
    all.insert(all.end(), statements.begin(), statements.end());
  }
  return all;
}

}  // namespace folio::app
