#pragma once
// The account endpoints: register, login, logout, /me and public profiles.
#include <vector>

#include "app/web/services.hpp"
#include "db/statement.hpp"
#include "net/router.hpp"

namespace folio::app {

void add_account_routes(net::router& routes, services& svc);
std::vector<const db::statement*> account_statements();

}  // namespace folio::app
