#pragma once
// The account endpoints: register, login, logout, /me and public profiles.
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"

namespace folio::app {

// The endpoints, for the router and the API description.
api_section account_api();
std::vector<const db::statement*> account_statements();

}  // namespace folio::app
