#include "app/contents/guarded_write.hpp"
#include "app/contents/handlers.hpp"
#include "app/contents/listing.hpp"
#include "app/contents/queries.hpp"
#include "app/contents/representation.hpp"
#include "app/contents/requests.hpp"
#include "app/people/viewer.hpp"
#include "app/web/bearer.hpp"
#include "app/web/json_writer.hpp"
#include "app/web/read_routing.hpp"
#include "app/web/text.hpp"
#include "net/response.hpp"

namespace folio::app::contents {
namespace {

using net::http::status;

net::problem no_such(std::string_view what, std::int64_t id) {
  return net::not_found(std::string(what) + " " + std::to_string(id) + " does not exist");
}

// A change of chapter `id` by `who`: `write` runs under the locks of its content and itself.
guarded_write chapter_write(std::int64_t id, const caller& who, bound_statement write) {
  const auto name = "chapter " + std::to_string(id);
  return {{&lock_chapter, db::make_params(id, who.id, who.is_admin())},
          {&get_chapter, db::make_params(id, who.id, who.is_admin())},
          chapter_body,
          std::move(write),
          name + " does not exist",
          "only the author of its content or an admin may change " + name};
}

}  // namespace

handler_result list_chapters_of_content(services& svc, net::request& req) {
  const auto content_id = req.params.id(0);
  // Tagged with the content, so that a cursor of another content's chapters is refused.
  const auto list = "chapters:" + std::to_string(content_id);
  auto page = read_keyset_page<std::int64_t>(req, svc.cursors, list);
  if (!page) co_return net::problem_response(page.problem());
  // Numbers are positive: the first page starts after 0.
  const auto [after] = page->after.value_or(std::tuple<std::int64_t>{0});
  auto who = co_await authenticate(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  const auto [viewer_id, is_admin] = people::viewer_of(*who);
  db::batch statements;
  statements.add(get_content, content_id, viewer_id, is_admin)
      .add(list_chapters, content_id, viewer_id, is_admin, after, page->rows_to_fetch());
  auto results = co_await read_batch(svc, req, std::move(statements));
  if (results.at(0).rows() == 0) co_return net::problem_response(no_such("content", content_id));
  auto rows = db::all<chapter_row>(results.at(1));
  auto next =
      next_cursor(rows, page->limit, svc.cursors, list, [](const chapter_row& row) { return std::tuple{row.number}; });
  co_return net::json_response(status::ok, page_json(rows, next));
}

handler_result create_chapter(services& svc, net::request& req) {
  const auto content_id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto fields = read_body(req, read_new_chapter);
  if (!fields) co_return net::problem_response(fields.problem());
  const auto words = static_cast<std::int64_t>(count_words(*fields->body));
  // The content's lock serialises creations, so that each sees the highest number so far.
  guarded_write creation{{&lock_content_for_author, db::make_params(content_id, who->id)},
                         {&get_content, db::make_params(content_id, who->id, who->is_admin())},
                         nullptr,
                         {&insert_chapter, db::make_params(content_id, who->id, fields->number, *fields->title,
                                                           *fields->body, words, fields->published.value_or(false))},
                         no_such("content", content_id).detail,
                         "only the author of content " + std::to_string(content_id) + " may add chapters to it"};
  // Named, not a temporary of the co_await: GCC 12 destroys such temporaries twice.
  auto written = co_await run_guarded(svc, req, std::move(creation));
  if (!written) co_return net::problem_response(written.problem());
  auto row = db::one<chapter_row>(*written);
  auto response = net::json_response(status::created, to_json(row));
  response.set(net::http::field::location, "/api/v1/chapters/" + std::to_string(row.id));
  co_return response;
}

handler_result show_chapter(services& svc, net::request& req) {
  const auto id = req.params.id(0);
  auto who = co_await authenticate(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  const auto [viewer_id, is_admin] = people::viewer_of(*who);
  auto row = db::maybe_one<chapter_detail_row>(co_await read(svc, req, get_chapter, id, viewer_id, is_admin));
  if (!row) co_return net::problem_response(no_such("chapter", id));
  co_return chapter_response(std::move(*row));
}

handler_result change_chapter(services& svc, net::request& req) {
  const auto id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto fields = read_body(req, read_chapter_changes);
  if (!fields) co_return net::problem_response(fields.problem());
  std::optional<std::int64_t> words;
  if (fields->body) words = static_cast<std::int64_t>(count_words(*fields->body));
  auto change =
      chapter_write(id, *who,
                    {&update_chapter, db::make_params(id, who->id, who->is_admin(), fields->title, fields->body, words,
                                                      fields->number, fields->published)});
  auto written = co_await run_guarded(svc, req, std::move(change));
  if (!written) co_return net::problem_response(written.problem());
  co_return net::json_response(status::ok, to_json(db::one<chapter_row>(*written)));
}

handler_result remove_chapter(services& svc, net::request& req) {
  const auto id = req.params.id(0);
  auto who = co_await require_caller(svc, req);
  if (!who) co_return net::problem_response(who.problem());
  auto removal = chapter_write(id, *who, {&delete_chapter, db::make_params(id, who->id, who->is_admin())});
  auto written = co_await run_guarded(svc, req, std::move(removal));
  if (!written) co_return net::problem_response(written.problem());
  co_return net::empty_response(status::no_content);
}

}  // namespace folio::app::contents
