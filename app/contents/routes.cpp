#include "app/contents/routes.hpp"
#include "app/web/handler.hpp"

#include "app/contents/handlers.hpp"
#include "app/contents/queries.hpp"

namespace folio::app {

void add_content_routes(net::router& routes, services& svc) {
  using namespace contents;
  using verb = net::http::verb;
  routes.add(verb::get, "/api/v1/contents", bind_handler(svc, list_contents));
  routes.add(verb::post, "/api/v1/contents", bind_handler(svc, create_content));
  // One text pattern for the three: GET takes an id or a slug, PATCH and DELETE answer 404 for
  // anything but an id (not 405, which a typed {id:id} pattern would give beside the GET).
  routes.add(verb::get, "/api/v1/contents/{content}", bind_handler(svc, show_content));
  routes.add(verb::patch, "/api/v1/contents/{content}", bind_handler(svc, change_content));
  routes.add(verb::delete_, "/api/v1/contents/{content}", bind_handler(svc, remove_content));
  routes.add(verb::put, "/api/v1/contents/{content:id}/like", bind_handler(svc, like));
  routes.add(verb::delete_, "/api/v1/contents/{content:id}/like", bind_handler(svc, unlike));
  routes.add(verb::get, "/api/v1/contents/{content:id}/chapters", bind_handler(svc, list_chapters_of_content));
  routes.add(verb::post, "/api/v1/contents/{content:id}/chapters", bind_handler(svc, create_chapter));
  routes.add(verb::get, "/api/v1/chapters/{chapter:id}", bind_handler(svc, show_chapter));
  routes.add(verb::patch, "/api/v1/chapters/{chapter:id}", bind_handler(svc, change_chapter));
  routes.add(verb::delete_, "/api/v1/chapters/{chapter:id}", bind_handler(svc, remove_chapter));
  routes.add(verb::get, "/api/v1/users/{username}/contents", bind_handler(svc, list_user_contents));
}

std::vector<const db::statement*> content_statements() {
  using namespace contents;
  return {&get_content,     &get_content_by_slug, &list_latest,    &search_latest,   &list_updated,   &search_updated,
          &list_popular,    &search_popular, &find_author,     &list_by_author, &get_chapter,
          &list_chapters,   &lock_content,   &lock_content_for_author,          &lock_chapter,
          &insert_content,  &update_content, &delete_content,  &like_content,   &unlike_content,
          &insert_chapter,  &update_chapter, &delete_chapter};
}

}  // namespace folio::app
