#include "app/cli/routes.hpp"

#include "app/accounts/routes.hpp"
#include "app/comments/routes.hpp"
#include "app/contents/routes.hpp"
#include "app/library/routes.hpp"
#include "app/runtime/build_info.hpp"
#include "app/web/bearer.hpp"
#include "app/web/docs_page.hpp"
#include "app/web/health.hpp"
#include "app/web/openapi.hpp"
#include "app/web/static_content.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;

// Built once, on first use, from the table below: it describes itself too.
asio::awaitable<net::http_response> openapi_json(services&, net::request& req) {
  static const static_content document(api_description(), "application/json", "no-cache");
  co_return document.respond(req);
}

api_section description_api() {
  return {"description",
          "This description, for programs.",
          {{.method = net::http::verb::get,
            .path = "/openapi.json",
            .handler = openapi_json,
            .summary = "This OpenAPI 3.1 description (ETag; 304 on If-None-Match)",
            .response = [] {
              return boost::json::object{{"type", "object"}};
            }}}};
}

}  // namespace

std::vector<api_section> api_sections() {
  std::vector<api_section> all;
  for (auto* section : {health_api, description_api, account_api, content_api, comment_api, library_api})
    all.push_back(section());
  return all;
}

std::string api_description() {
  return openapi_document(api_sections(), folio_version());
}

void add_routes(net::router& routes, services& svc) {
  add_endpoints(routes, svc, api_sections());
}

std::vector<const db::statement*> all_statements() {
  std::vector<const db::statement*> all;
  for (auto* group : {health_statements, auth_statements, account_statements, content_statements, comment_statements,
                      library_statements}) {
    auto statements = group();
    all.insert(all.end(), statements.begin(), statements.end());
  }
  return all;
}

}  // namespace folio::app
