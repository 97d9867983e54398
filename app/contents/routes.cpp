#include "app/contents/routes.hpp"

#include "app/contents/handlers.hpp"
#include "app/contents/listing.hpp"
#include "app/contents/queries.hpp"
#include "app/contents/representation.hpp"
#include "app/contents/requests.hpp"
#include "app/contents/vocabulary.hpp"
#include "app/web/handler.hpp"
#include "app/web/json_schema.hpp"
#include "app/web/pagination.hpp"

namespace folio::app::contents {

api_section api() {
  using verb = net::http::verb;
  using net::http::status;
  auto filters = page_parameters(
      {text_query("author", "only this user's contents (a username)"), text_query("tag", "only contents with this tag"),
       choice_query("kind", "only contents of this kind", content_kinds),
       choice_query("status", "only contents in this status (drafts are never listed)", content_statuses),
       text_query("q", "words to find in the title or the description"),
       choice_query("sort", "latest: by published_at; updated: by updated_at; popular: by like_count", sort_names(),
                    sort_names().front())});
  // One text pattern for {content}: GET takes an id or a slug, PATCH and DELETE answer 404 for
  // anything but an id (not 405, which a typed {content:id} pattern would give beside the GET).
  return {"contents",
          "Contents and their ordered chapters; drafts and unpublished chapters only to their author (and admins).",
          {{.method = verb::get,
            .path = "/api/v1/contents",
            .handler = list_contents,
            .summary = "Published contents, newest first unless sorted otherwise",
            .response = page_schema<content_json>,
            .query = std::move(filters)},
           {.method = verb::post,
            .path = "/api/v1/contents",
            .handler = create_content,
            .summary = "Create a content (a draft unless a status is given)",
            .token = token_use::required,
            .success = status::created,
            .response = schema_of<content_json>,
            .request = form_schema<read_new_content>,
            .problems = {status::conflict}},
           {.method = verb::get,
            .path = "/api/v1/contents/{content}",
            .handler = show_content,
            .summary = "A content by id or slug",
            .token = token_use::optional,
            .response = schema_of<content_json>,
            .problems = {status::not_found},
            .conditional = true},
           {.method = verb::patch,
            .path = "/api/v1/contents/{content}",
            .handler = change_content,
            .summary = "Change a content (its author or an admin)",
            .token = token_use::required,
            .response = schema_of<content_json>,
            .request = form_schema<read_content_changes>,
            .problems = {status::forbidden, status::not_found, status::conflict},
            .conditional = true},
           {.method = verb::delete_,
            .path = "/api/v1/contents/{content}",
            .handler = remove_content,
            .summary = "Delete a content with its chapters and comments (its author or an admin)",
            .token = token_use::required,
            .success = status::no_content,
            .problems = {status::forbidden, status::not_found}},
           {.method = verb::put,
            .path = "/api/v1/contents/{content:id}/like",
            .handler = like,
            .summary = "Like a content (idempotent)",
            .token = token_use::required,
            .success = status::no_content,
            .problems = {status::not_found}},
           {.method = verb::delete_,
            .path = "/api/v1/contents/{content:id}/like",
            .handler = unlike,
            .summary = "Take a like back (idempotent)",
            .token = token_use::required,
            .success = status::no_content,
            .problems = {status::not_found}},
           {.method = verb::get,
            .path = "/api/v1/contents/{content:id}/chapters",
            .handler = list_chapters_of_content,
            .summary = "A content's chapters by number, without their bodies",
            .token = token_use::optional,
            .response = page_schema<chapter_row>,
            .query = page_parameters(),
            .problems = {status::not_found}},
           {.method = verb::post,
            .path = "/api/v1/contents/{content:id}/chapters",
            .handler = create_chapter,
            .summary = "Add a chapter (the content's author)",
            .token = token_use::required,
            .success = status::created,
            .response = schema_of<chapter_row>,
            .request = form_schema<read_new_chapter>,
            .problems = {status::forbidden, status::not_found, status::conflict}},
           {.method = verb::get,
            .path = "/api/v1/chapters/{chapter:id}",
            .handler = show_chapter,
            .summary = "A chapter with its body and the neighbours the caller may see",
            .token = token_use::optional,
            .response = schema_of<chapter_detail_row>,
            .problems = {status::not_found},
            .conditional = true},
           {.method = verb::patch,
            .path = "/api/v1/chapters/{chapter:id}",
            .handler = change_chapter,
            .summary = "Change or publish a chapter (the content's author or an admin)",
            .token = token_use::required,
            .response = schema_of<chapter_row>,
            .request = form_schema<read_chapter_changes>,
            .problems = {status::forbidden, status::not_found, status::conflict},
            .conditional = true},
           {.method = verb::delete_,
            .path = "/api/v1/chapters/{chapter:id}",
            .handler = remove_chapter,
            .summary = "Delete a chapter (the content's author or an admin)",
            .token = token_use::required,
            .success = status::no_content,
            .problems = {status::forbidden, status::not_found}},
           {.method = verb::get,
            .path = "/api/v1/users/{username}/contents",
            .handler = list_user_contents,
            .summary = "A user's contents, newest first; drafts only to the user itself",
            .token = token_use::optional,
            .response = page_schema<content_json>,
            .query = page_parameters(),
            .problems = {status::not_found}}}};
}

std::vector<const db::statement*> prepared_statements() {
  return {&get_content,  &get_content_by_slug,     &list_latest,    &search_latest,  &list_updated,   &search_updated,
          &list_popular, &search_popular,          &find_author,    &list_by_author, &get_chapter,    &list_chapters,
          &lock_content, &lock_content_for_author, &lock_chapter,   &insert_content, &update_content, &delete_content,
          &like_content, &unlike_content,          &insert_chapter, &update_chapter, &delete_chapter};
}

}  // namespace folio::app::contents
