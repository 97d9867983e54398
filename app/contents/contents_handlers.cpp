#include "app/contents/guarded_write.hpp"
#include "app/contents/handlers.hpp"
#include "app/contents/listing.hpp"
#include "app/contents/queries.hpp"
#include "app/contents/representation.hpp"
#include "app/contents/requests.hpp"
#include "app/people/viewer.hpp"
#include "app/web/bearer.hpp"
#include "app/web/read_routing.hpp"
#include "app/web/text.hpp"
#include "net/response.hpp"
#include "net/router.hpp"

namespace folio::app::contents {
namespace {

using net::http::status;

net::problem no_such_content(std::string_view segment) {
  return net::not_found("content " + std::string(segment) + " does not exist");
}

// PATCH and DELETE take the content's id. Their path pattern is text (the GET beside it takes a
// slug too), so that anything else in that segment is 404 rather than 405.
std::optional<std::int64_t> content_id(const net::request& req) {
  std::int64_t id = 0;
  if (!net::parse_id(req.params.text(0), id)) return std::nullopt;
  return id;
}

// A change of content `id` by `who`: `write` runs under the content's lock.
guarded_write content_write(std::int64_t id, const caller& who, bound_statement write) {
  const auto name = "content " + std::to_string(id);
  return {{&lock_content, db::make_params(id, who.id, who.is_admin())},
          {&get_content, db::make_params(id, who.id, who.is_admin())},
          content_body,
          std::move(write),
          name + " does not exist",
          "only the author of " + name + " or an admin may change it"};
}

}  // namespace

handler_result list_contents(services& svc, net::request& req) {
  auto filters = read_content_filters(req);
  if (!filters) co_return net::problem_response(filters.problem());
  const auto& order = *filters->order;
  auto page = read_keyset_page<std::string, std::int64_t>(req, svc.cursors, order.list);
  if (!page) co_return net::problem_response(page.problem());
  // Drafts are never listed, so who asks changes nothing; a bad token is 401 all the same, as on
  // every endpoint (without a token this costs nothing).
  auto who = co_await authenticate(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto [after_value, after_id] = start_of(*page, order.first);
  auto params = db::make_params(std::move(after_value), after_id, filters->author, filters->tag, filters->kind,
                                filters->status, page->rows_to_fetch());
  if (filters->q) params.add(*filters->q);
  auto rows =
      db::all<content_row>(co_await read(svc, req, filters->q ? *order.search : *order.browse, std::move(params)));
  auto next = next_cursor(rows, page->limit, svc.cursors, order.list,
                          [&](const content_row& row) { return key_of(order, row); });
  co_return net::json_response(status::ok, page_json(contents_of(std::move(rows)), next));
}

handler_result list_user_contents(services& svc, net::request& req) {
  const auto username = ascii_lower(req.params.text(0));
  if (!is_username(username)) co_return net::problem_response(net::not_found("no user is named " + username));
  // Tagged with the user, so that a cursor of one user's list is refused by another's.
  const auto list = "users.contents:" + username;
  auto page = read_keyset_page<std::string, std::int64_t>(req, svc.cursors, list);
  if (!page) co_return net::problem_response(page.problem());
  auto who = co_await authenticate(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  // Drafts only to the user itself (not to admins): the contract's rule for this list.
  const auto caller_id = people::viewer_of(*who).id;
  auto [after_time, after_id] = start_of(*page, after_every_time);
  db::batch statements;
  statements.add(find_author, username)
      .add(list_by_author, username, caller_id, std::move(after_time), after_id, page->rows_to_fetch());
  auto results = co_await read_batch(svc, req, std::move(statements));
  if (results.at(0).rows() == 0) co_return net::problem_response(net::not_found("no user is named " + username));
  auto rows = db::all<content_row>(results.at(1));
  auto next = next_cursor(rows, page->limit, svc.cursors, list, [](const content_row& row) {
    return std::tuple{format_rfc3339(row.created_at), row.id};
  });
  co_return net::json_response(status::ok, page_json(contents_of(std::move(rows)), next));
}

handler_result create_content(services& svc, net::request& req) {
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto fields = read_body(req, read_new_content);
  if (!fields) co_return net::problem_response(fields.problem());
  const bool derived = !fields->slug;
  const auto slug = derived ? slugify(*fields->title) : *fields->slug;
  const auto description = fields->description.value_or("");
  const auto kind = fields->kind.value_or("novel");
  const auto content_status = fields->status.value_or("draft");
  const auto tags = fields->tags.value_or(std::vector<std::string>{});
  for (;;) {
    auto row = db::maybe_one<content_row>(co_await svc.pool.execute(
        insert_content, who->id, slug, derived, *fields->title, description, kind, content_status, tags));
    if (row) {
      const auto location = "/api/v1/contents/" + std::to_string(row->id);
      auto response = content_response(status::created, std::move(*row));
      response.set(net::http::field::location, location);
      co_return response;
    }
    if (!derived)
      co_return net::problem_response(net::conflict("slug is already taken", {{"slug", "is already taken"}}));
    // A racing creation took the slug this probe chose and has committed: the next probe sees it
    // and moves on, so each round one of the racers wins.
  }
}

// GET /contents/{id_or_slug}: a segment that reads as both (a slug of digits) is an id first.
handler_result show_content(services& svc, net::request& req) {
  const auto segment = req.params.text(0);
  std::int64_t id = 0;
  const bool is_id = net::parse_id(segment, id);
  const bool could_be_slug = is_slug(segment);
  if (!is_id && !could_be_slug) co_return net::problem_response(no_such_content(segment));
  auto who = co_await authenticate(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  const auto [viewer_id, is_admin] = people::viewer_of(*who);
  std::optional<content_row> row;
  if (is_id) row = db::maybe_one<content_row>(co_await read(svc, req, get_content, id, viewer_id, is_admin));
  if (!row && could_be_slug) {
    const std::string slug(segment);
    row = db::maybe_one<content_row>(co_await read(svc, req, get_content_by_slug, slug, viewer_id, is_admin));
  }
  if (!row) co_return net::problem_response(no_such_content(segment));
  co_return content_response(status::ok, std::move(*row));
}

handler_result change_content(services& svc, net::request& req) {
  const auto id = content_id(req);
  if (!id) co_return net::problem_response(no_such_content(req.params.text(0)));
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto fields = read_body(req, read_content_changes);
  if (!fields) co_return net::problem_response(fields.problem());
  auto change = content_write(
      *id, *who,
      {&update_content, db::make_params(*id, who->id, who->is_admin(), fields->title, fields->slug, fields->description,
                                        fields->kind, fields->status, fields->tags)});
  // Named, not a temporary of the co_await: GCC 12 destroys such temporaries twice.
  auto written = co_await run_guarded(svc, req, std::move(change));
  if (!written) co_return net::problem_response(written.problem());
  co_return content_response(status::ok, db::one<content_row>(*written));
}

handler_result remove_content(services& svc, net::request& req) {
  const auto id = content_id(req);
  if (!id) co_return net::problem_response(no_such_content(req.params.text(0)));
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto removal = content_write(*id, *who, {&delete_content, db::make_params(*id, who->id, who->is_admin())});
  auto written = co_await run_guarded(svc, req, std::move(removal));
  if (!written) co_return net::problem_response(written.problem());
  co_return net::empty_response(status::no_content);
}

}  // namespace folio::app::contents
