#include "app/contents/handlers.hpp"
#include "app/contents/queries.hpp"
#include "app/web/bearer.hpp"
#include "net/response.hpp"

namespace folio::app::contents {
namespace {

// PUT and DELETE of a like are idempotent: the statement changes like_count only when it adds or
// removes the caller's like row. 404 when the caller may not see the content.
handler_result set_like(services& svc, net::request& req, const db::statement& statement) {
  const auto id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto found = co_await svc.pool.execute(statement, id, who->id, who->is_admin());
  if (found.rows() == 0)
    co_return net::problem_response(net::not_found("content " + std::to_string(id) + " does not exist"));
  co_return net::empty_response(net::http::status::no_content);
}

}  // namespace

handler_result like(services& svc, net::request& req) { return set_like(svc, req, like_content); }
handler_result unlike(services& svc, net::request& req) { return set_like(svc, req, unlike_content); }

}  // namespace folio::app::contents
