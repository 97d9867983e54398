#include "app/library/routes.hpp"

#include "app/library/queries.hpp"
#include "app/library/representation.hpp"
#include "app/library/requests.hpp"
#include "app/web/bearer.hpp"
#include "app/web/handler.hpp"
#include "app/web/json_schema.hpp"
#include "app/web/pagination.hpp"
#include "app/web/read_routing.hpp"
#include "net/response.hpp"

namespace folio::app::library {
namespace {

namespace asio = boost::asio;
using net::http_response;
using net::http::status;

http_response content_not_found(std::int64_t id) {
  return net::problem_response(net::not_found("content " + std::to_string(id) + " does not exist"));
}

asio::awaitable<http_response> follow_content(services& svc, net::request& req) {
  const auto content_id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto followed = co_await svc.pool.execute(follow, content_id, who->id, who->is_admin());
  if (followed.rows() == 0) co_return content_not_found(content_id);
  co_return net::empty_response(status::no_content);
}

asio::awaitable<http_response> unfollow_content(services& svc, net::request& req) {
  const auto content_id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  co_await svc.pool.execute(unfollow, content_id, who->id);
  co_return net::empty_response(status::no_content);
}

// Cursors are tagged with the reader's id: another reader's cursor is 400.
asio::awaitable<http_response> get_library(services& svc, net::request& req) {
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  const auto list_name = "library/" + std::to_string(who->id);
  auto page = read_keyset_page<std::int64_t, std::int64_t>(req, svc.cursors, list_name);
  if (!page) co_return net::problem_response(page.problem());
  // [updated_at in microseconds, content id] of the previous page's last entry; NULLs at first.
  std::optional<std::int64_t> after_us, after_content;
  if (page->after) std::tie(after_us, after_content) = *page->after;
  auto rows = db::all<entry_row>(
      co_await read(svc, req, entries, who->id, who->is_admin(), after_us, after_content, page->rows_to_fetch()));
  co_return net::json_response(status::ok, entry_page(std::move(rows), page->limit, svc.cursors, list_name));
}

asio::awaitable<http_response> put_progress(services& svc, net::request& req) {
  const auto content_id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto form = read_progress(req);
  if (!form) co_return net::problem_response(form.problem());
  auto verdict = db::maybe_one<progress_verdict>(
      co_await svc.pool.execute(save_progress, content_id, who->id, who->is_admin(), form->chapter_id));
  if (!verdict) co_return content_not_found(content_id);
  if (!verdict->chapter_found)
    co_return net::problem_response(net::validation_failed({{"chapter_id", "must be a chapter of this content"}}));
  if (!verdict->chapter_visible)
    co_return net::problem_response(net::not_found("chapter " + std::to_string(form->chapter_id) + " does not exist"));
  co_return net::empty_response(status::no_content);
}

}  // namespace

std::vector<const db::statement*> prepared_statements() { return {&follow, &unfollow, &entries, &save_progress}; }

api_section api() {
  using verb = net::http::verb;
  return {"library",
          "The caller's followed contents and reading progress.",
          {{.method = verb::get,
            .path = "/api/v1/me/library",
            .handler = get_library,
            .summary = "The contents the caller follows, most recently updated first",
            .token = token_use::required,
            .response = page_schema<entry>,
            .query = page_parameters()},
           {.method = verb::put,
            .path = "/api/v1/me/library/{content_id:id}",
            .handler = follow_content,
            .summary = "Follow a content (idempotent)",
            .token = token_use::required,
            .success = status::no_content,
            .problems = {status::not_found}},
           {.method = verb::delete_,
            .path = "/api/v1/me/library/{content_id:id}",
            .handler = unfollow_content,
            .summary = "Unfollow a content (idempotent)",
            .token = token_use::required,
            .success = status::no_content},
           {.method = verb::put,
            .path = "/api/v1/me/progress/{content_id:id}",
            .handler = put_progress,
            .summary = "Save the chapter read last (follows the content too)",
            .token = token_use::required,
            .success = status::no_content,
            .request = form_schema<progress_fields>,
            .problems = {status::not_found}}}};
}

}  // namespace folio::app::library
