#pragma once
// The comment endpoints: threads of comments on chapters, read by anyone who may see the chapter,
// written by signed-in readers, soft-deleted by their author, the content's author or an admin.
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"

namespace folio::app::comments {

// The endpoints, for the router and the API description.
api_section api();
// What the pool prepares, and checks against the row structs, at start-up.
std::vector<const db::statement*> prepared_statements();

}  // namespace folio::app::comments
