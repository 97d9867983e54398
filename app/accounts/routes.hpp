#pragma once
// The account endpoints: register, login, logout, /me and public profiles.
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"

namespace folio::app::accounts {

// The endpoints, for the router and the API description.
api_section api();
// What the pool prepares, and checks against the row structs, at start-up.
std::vector<const db::statement*> prepared_statements();

}  // namespace folio::app::accounts
