#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <utility>

#include "app/cli/routes.hpp"
#include "app/web/openapi.hpp"
#include "app/web/request_body.hpp"

namespace json = boost::json;
using namespace folio;

namespace {

using operation = std::pair<std::string, std::string>;  // method (lowercase), OpenAPI path

json::object document() { return json::parse(app::openapi_document(app::api_sections(), "test")).as_object(); }

// The router serve builds, with services that are never started.
std::set<operation> routed_operations() {
  boost::asio::io_context context;
  app::config settings;
  db::pool pool(context.get_executor(), db::pool_settings{}, app::all_statements());
  db::replica_set replicas(context.get_executor(), pool, db::replica_set_settings{}, app::all_statements());
  app::cursor_codec cursors("unit-test-secret");
  app::password_hasher hasher(1, 1, app::password_hasher::minimum());
  app::login_throttle throttle({1, 1, std::chrono::seconds(1)});
  app::registration_throttle registrations(1, std::chrono::seconds(1));
  net::connection_limit connections(1);
  const app::metrics_sources metrics{{}, connections, hasher};
  app::services svc{pool, replicas, settings, cursors, hasher, throttle, registrations, metrics};
  net::router routes;
  app::add_routes(routes, svc);
  std::set<operation> out;
  for (const auto& e : routes.entries()) {
    std::string method(net::http::to_string(e.method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.emplace(method, app::openapi_path(e.pattern));
  }
  return out;
}

std::set<operation> described_operations(const json::object& doc) {
  std::set<operation> out;
  for (const auto& [path, item] : doc.at("paths").as_object())
    for (const auto& [method, op] : item.as_object()) out.emplace(std::string(method), std::string(path));
  return out;
}

const json::object& operation_of(const json::object& doc, std::string_view path, std::string_view method) {
  return doc.at("paths").at(path).at(method).as_object();
}

// The JSON Schema of an operation's request body.
const json::object& request_schema(const json::object& doc, std::string_view path, std::string_view method) {
  return operation_of(doc, path, method)
      .at("requestBody")
      .at("content")
      .at("application/json")
      .at("schema")
      .as_object();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(openapi)

// The description cannot drift from the router: every route is described, nothing else is.
BOOST_AUTO_TEST_CASE(describes_exactly_the_routes_the_server_serves) {
  const auto routed = routed_operations();
  const auto described = described_operations(document());
  BOOST_TEST(routed.size() > 30u);
  for (const auto& [method, path] : routed) BOOST_TEST(described.contains({method, path}), method << " " << path);
  for (const auto& [method, path] : described) BOOST_TEST(routed.contains({method, path}), method << " " << path);
}

BOOST_AUTO_TEST_CASE(is_openapi_3_1_with_the_contract_paths) {
  const auto doc = document();
  BOOST_TEST(doc.at("openapi").as_string() == "3.1.0");
  for (auto path :
       {"/healthz", "/readyz", "/metrics", "/openapi.json", "/api/v1/contents/{content}", "/api/v1/me/library"})
    BOOST_TEST(doc.at("paths").as_object().contains(path), path);
}

// Request bodies are described by the readers that check them: limits, required fields, no others.
BOOST_AUTO_TEST_CASE(request_bodies_come_from_their_readers) {
  const auto doc = document();
  const auto& body = request_schema(doc, "/api/v1/contents/{content}/chapters", "post");
  BOOST_TEST(body.at("additionalProperties") == false);
  BOOST_TEST(body.at("required") == (json::array{"title", "body"}));
  BOOST_TEST(body.at("properties").at("body").at("maxLength") == 500000);
  BOOST_TEST(body.at("properties").at("publish").at("type") == "boolean");
  const auto& change = request_schema(doc, "/api/v1/contents/{content}", "patch");
  BOOST_TEST(change.at("required").as_array().empty());
  BOOST_TEST(change.at("properties").at("kind").at("enum") == (json::array{"novel", "comic", "course", "article"}));
  BOOST_TEST(change.at("properties").at("slug").at("description") == "must be 1 to 80 of a-z, 0-9 and -");
  // A field the reader takes as null too says so.
  const auto& comment = request_schema(doc, "/api/v1/chapters/{id}/comments", "post");
  BOOST_TEST(comment.at("properties").at("parent_id").at("type") == (json::array{"integer", "null"}));
}

// Response bodies are described by the structs json_writer writes: optional members are nullable.
BOOST_AUTO_TEST_CASE(response_bodies_come_from_their_structs) {
  const auto doc = document();
  const auto& ok = operation_of(doc, "/api/v1/comments/{id}", "get").at("responses").at("200").as_object();
  const auto& schema = ok.at("content").at("application/json").at("schema").as_object();
  BOOST_TEST(schema.at("properties").at("body").at("type") == (json::array{"string", "null"}));
  BOOST_TEST(schema.at("properties").at("author").at("properties").as_object().contains("display_name"));
}

// Problems name the contract's codes; the shape of an endpoint brings its own (401, 422, 412).
BOOST_AUTO_TEST_CASE(problems_follow_the_endpoint_shape) {
  const auto doc = document();
  const auto& responses = operation_of(doc, "/api/v1/chapters/{chapter}", "patch").at("responses").as_object();
  for (auto status : {"401", "403", "404", "409", "412", "413", "415", "422", "503"})
    BOOST_TEST(responses.contains(status), status);
  BOOST_TEST(responses.at("412").at("$ref") == "#/components/responses/precondition_failed");
  BOOST_TEST(!operation_of(doc, "/healthz", "get").at("responses").as_object().contains("401"));
}

BOOST_AUTO_TEST_SUITE_END()
