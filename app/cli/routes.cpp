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
#include "app/web/route_binding.hpp"
#include "app/web/static_content.hpp"
#include "db/replica_set.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;

// Built once, on first use, from the table below: it describes itself too.
asio::awaitable<net::http_response> openapi_json(services&, net::request& req) {
  static const static_content document(api_description(), "application/json", "no-cache");
  co_return document.respond(req);
}

boost::json::object any_object() { return {{"type", "object"}}; }
boost::json::object any_text() { return {{"type", "string"}}; }

api_section description_api() {
  using net::http::verb;
  return {"description",
          "This description: for programs, and rendered for people (ETag; 304 on If-None-Match).",
          {{.method = verb::get,
            .path = "/openapi.json",
            .handler = openapi_json,
            .summary = "This OpenAPI 3.1 description",
            .response = any_object},
           {.method = verb::get,
            .path = "/docs",
            .handler = docs_page,
            .summary = "This description as a web page (Redoc)",
            .response = any_text,
            .media_type = "text/html"},
           {.method = verb::get,
            .path = "/docs/redoc.standalone.js",
            .handler = docs_script,
            .summary = "The page's script, Redoc's standalone bundle",
            .response = any_text,
            .media_type = "text/javascript"}}};
}

}  // namespace

std::vector<api_section> api_sections() {
  std::vector<api_section> all;
  for (auto* section : {health_api, description_api, accounts::api, contents::api, comments::api, library::api})
    all.push_back(section());
  return all;
}

std::string api_description() { return openapi_document(api_sections(), folio_version()); }

void add_routes(net::router& routes, services& svc) { add_endpoints(routes, svc, api_sections()); }

std::vector<const db::statement*> all_statements() {
  std::vector<const db::statement*> all;
  for (auto* group : {health_statements, auth_statements, accounts::prepared_statements, contents::prepared_statements,
                      comments::prepared_statements, library::prepared_statements}) {
    auto statements = group();
    all.insert(all.end(), statements.begin(), statements.end());
  }
  const auto replication = db::replica_set_statements();
  all.insert(all.end(), replication.begin(), replication.end());
  return all;
}

}  // namespace folio::app
