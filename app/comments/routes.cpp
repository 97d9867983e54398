#include "app/comments/routes.hpp"

#include <algorithm>
#include <array>

#include "app/comments/queries.hpp"
#include "app/comments/representation.hpp"
#include "app/comments/requests.hpp"
#include "app/people/viewer.hpp"
#include "app/web/bearer.hpp"
#include "app/web/handler.hpp"
#include "app/web/json_schema.hpp"
#include "app/web/pagination.hpp"
#include "app/web/read_routing.hpp"
#include "net/response.hpp"

namespace folio::app::comments {
namespace {

namespace asio = boost::asio;
using people::viewer_of;
using net::http_response;
using net::http::status;

http_response not_found(std::string_view what, std::int64_t id) {
  return net::problem_response(net::not_found(std::string(what) + " " + std::to_string(id) + " does not exist"));
}

// A page of the comments under the path's id (a chapter or a comment), which `guard` yields a
// row for when the caller may see it; both statements in one round trip.
asio::awaitable<http_response> comment_list(services& svc, net::request& req, const db::statement& guard,
                                            const db::statement& list, std::string list_name, std::string_view owner) {
  const auto owner_id = req.params.id(0);
  auto page = read_keyset_page<std::int64_t>(req, svc.cursors, list_name);
  if (!page) co_return net::problem_response(page.problem());
  // The id the page starts after; NULL on the first page.
  std::optional<std::int64_t> after_id;
  if (page->after) after_id = std::get<0>(*page->after);
  auto who = co_await authenticate(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  const auto [viewer_id, is_admin] = viewer_of(*who);
  db::batch statements;
  statements.add(guard, owner_id, viewer_id, is_admin).add(list, owner_id, after_id, page->rows_to_fetch());
  auto results = co_await read_batch(svc, req, std::move(statements));
  if (results.at(0).rows() == 0) co_return not_found(owner, owner_id);
  co_return net::json_response(status::ok,
                               comment_page(db::all<comment_row>(results.at(1)), page->limit, svc.cursors, list_name));
}

// The `sort` values of a chapter's comments, the default first.
constexpr std::array<std::string_view, 2> top_level_sorts{"oldest", "newest"};

// Cursors are tagged with the list and its owner, so one from another list or chapter is 400.
asio::awaitable<http_response> get_top_level(services& svc, net::request& req) {
  const auto sort = query_param(req, "sort").value_or(std::string(top_level_sorts.front()));
  if (std::find(top_level_sorts.begin(), top_level_sorts.end(), sort) == top_level_sorts.end())
    co_return net::problem_response(net::bad_request("sort must be oldest or newest"));
  co_return co_await comment_list(svc, req, chapter_if_visible, sort == "oldest" ? top_level_oldest : top_level_newest,
                                  "comments/" + sort + "/" + std::to_string(req.params.id(0)), "chapter");
}

asio::awaitable<http_response> get_replies(services& svc, net::request& req) {
  co_return co_await comment_list(svc, req, comment_if_visible, replies, "replies/" + std::to_string(req.params.id(0)),
                                  "comment");
}

asio::awaitable<http_response> get_comment(services& svc, net::request& req) {
  const auto id = req.params.id(0);
  auto who = co_await authenticate(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  const auto [viewer_id, is_admin] = viewer_of(*who);
  auto found = db::maybe_one<comment_row>(co_await read(svc, req, comment_if_visible, id, viewer_id, is_admin));
  if (!found) co_return not_found("comment", id);
  co_return net::json_response(status::ok, to_json(to_comment(std::move(*found))));
}

// The insert answers; when it inserted nothing, the second statement of the same round trip
// tells why: the chapter is not there for the caller (404), or the parent is not on it (422).
asio::awaitable<http_response> post_comment(services& svc, net::request& req) {
  const auto chapter_id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto form = read_new_comment(req);
  if (!form) co_return net::problem_response(form.problem());
  db::batch statements;
  statements.add(insert_comment, chapter_id, who->id, who->is_admin(), form->parent_id, form->body)
      .add(chapter_if_visible, chapter_id, who->id, who->is_admin());
  auto results = co_await svc.pool.execute_batch(std::move(statements));
  if (auto created = db::maybe_one<comment_row>(results.at(0))) {
    const auto location = "/api/v1/comments/" + std::to_string(created->id);
    auto response = net::json_response(status::created, to_json(to_comment(std::move(*created))));
    response.set(net::http::field::location, location);
    co_return response;
  }
  if (results.at(1).rows() == 0) co_return not_found("chapter", chapter_id);
  co_return net::problem_response(net::validation_failed({{"parent_id", "must be a comment on the same chapter"}}));
}

// The edit and the comment as it then reads, in one round trip and one transaction.
asio::awaitable<http_response> patch_comment(services& svc, net::request& req) {
  const auto id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto form = read_comment_edit(req);
  if (!form) co_return net::problem_response(form.problem());
  db::batch statements;
  statements.add(edit_comment, id, who->id, who->is_admin(), form->body)
      .add(comment_if_visible, id, who->id, who->is_admin());
  auto results = co_await svc.pool.execute_batch(std::move(statements));
  auto verdict = db::maybe_one<edit_verdict>(results.at(0));
  if (!verdict) co_return not_found("comment", id);
  if (!verdict->is_author) co_return net::problem_response(net::forbidden("only the comment's author may edit it"));
  if (!verdict->edited) {
    const auto detail = "comment " + std::to_string(id) + " is deleted and cannot be edited";
    co_return net::problem_response(net::conflict(detail, {}));
  }
  co_return net::json_response(status::ok, to_json(to_comment(db::one<comment_row>(results.at(1)))));
}

// Soft delete; deleting a deleted comment is a success that changes nothing.
asio::awaitable<http_response> remove_comment(services& svc, net::request& req) {
  const auto id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto verdict = db::maybe_one<delete_verdict>(co_await svc.pool.execute(delete_comment, id, who->id, who->is_admin()));
  if (!verdict) co_return not_found("comment", id);
  if (!verdict->allowed)
    co_return net::problem_response(
        net::forbidden("only the comment's author, the content's author or an admin may delete it"));
  co_return net::empty_response(status::no_content);
}

}  // namespace

std::vector<const db::statement*> prepared_statements() {
  return {&chapter_if_visible, &comment_if_visible, &top_level_oldest, &top_level_newest, &replies,
          &insert_comment,     &delete_comment,     &edit_comment};
}

api_section api() {
  using verb = net::http::verb;
  return {
      "comments",
      "Threaded comments on chapters; deleting keeps the comment (body null) so that threads stay whole.",
      {{.method = verb::get,
        .path = "/api/v1/chapters/{id:id}/comments",
        .handler = get_top_level,
        .summary = "A chapter's top-level comments",
        .token = token_use::optional,
        .response = page_schema<comment>,
        .query = page_parameters({choice_query("sort", "by creation time", top_level_sorts, top_level_sorts.front())}),
        .problems = {status::not_found}},
       {.method = verb::post,
        .path = "/api/v1/chapters/{id:id}/comments",
        .handler = post_comment,
        .summary = "Comment on a chapter, or reply to a comment on it",
        .token = token_use::required,
        .success = status::created,
        .response = schema_of<comment>,
        .request = form_schema<new_comment_fields>,
        .problems = {status::not_found}},
       {.method = verb::get,
        .path = "/api/v1/comments/{id:id}",
        .handler = get_comment,
        .summary = "A comment",
        .token = token_use::optional,
        .response = schema_of<comment>,
        .problems = {status::not_found}},
       {.method = verb::patch,
        .path = "/api/v1/comments/{id:id}",
        .handler = patch_comment,
        .summary = "Edit a comment (its author)",
        .token = token_use::required,
        .response = schema_of<comment>,
        .request = form_schema<comment_edit_fields>,
        .problems = {status::forbidden, status::not_found, status::conflict}},
       {.method = verb::delete_,
        .path = "/api/v1/comments/{id:id}",
        .handler = remove_comment,
        .summary = "Delete a comment (its author, the content's author or an admin)",
        .token = token_use::required,
        .success = status::no_content,
        .problems = {status::forbidden, status::not_found}},
       {.method = verb::get,
        .path = "/api/v1/comments/{id:id}/replies",
        .handler = get_replies,
        .summary = "A comment's direct replies, oldest first",
        .token = token_use::optional,
        .response = page_schema<comment>,
        .query = page_parameters(),
        .problems = {status::not_found}}}};
}

}  // namespace folio::app::comments
