#pragma once
// The comment endpoints: threads of comments on chapters, read by anyone who may see the chapter,
// written by signed-in readers, soft-deleted by their author, the content's author or an admin.
#include <vector>

#include "app/web/services.hpp"
#include "db/statement.hpp"
#include "net/router.hpp"

namespace folio::app {

void add_comment_routes(net::router& routes, services& svc);
std::vector<const db::statement*> comment_statements();

}  // namespace folio::app
