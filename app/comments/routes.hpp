#pragma once
// The comment endpoints: threads of comments on chapters, read by anyone who may see the chapter,
// written by signed-in readers, soft-deleted by their author, the content's author or an admin.
#include <vector>

#include "app/web/endpoint.hpp"
#include "db/statement.hpp"

namespace folio::app {

// The endpoints, for the router and the API description.
api_section comment_api();
std::vector<const db::statement*> comment_statements();

}  // namespace folio::app
