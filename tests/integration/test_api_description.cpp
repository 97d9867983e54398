#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "harness.hpp"

using namespace folio::test;
namespace json = boost::json;

namespace {

// A path of the description with each parameter set to "1", which both ids and names match.
std::string concrete(std::string_view path) {
  std::string out;
  bool in_parameter = false;
  for (char c : path) {
    if (c == '{') out += '1';
    if (c == '{' || c == '}')
      in_parameter = c == '{';
    else if (!in_parameter)
      out += c;
  }
  return out;
}

std::set<std::string> allowed(const response& r) {
  std::set<std::string> out;
  std::string allow(r[http::field::allow]);
  for (std::size_t start = 0; start < allow.size();) {
    auto comma = std::min(allow.find(',', start), allow.size());
    auto method = allow.substr(start, comma - start);
    method.erase(0, method.find_first_not_of(' '));
    out.insert(method);
    start = comma + 1;
  }
  return out;
}

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(api_description)

// GET /openapi.json is what `folio openapi` prints, under the contract's general rules.
BOOST_AUTO_TEST_CASE(openapi_json_is_served_with_the_general_rules) {
  const auto database = create_database();
  folio_process folio({database});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  auto r = client.request(http::verb::get, "/openapi.json", "", {{"X-Request-Id", "describe-1"}});
  BOOST_TEST(r.result_int() == 200);
  BOOST_TEST(r[http::field::content_type].starts_with("application/json"));
  BOOST_TEST(r["X-Request-Id"] == "describe-1");
  BOOST_TEST(r[http::field::content_length] == std::to_string(r.body().size()));
  std::string printed;
  BOOST_REQUIRE(run_folio(database, "openapi", {}, &printed) == 0);
  BOOST_TEST(json::parse(printed) == json_of(r));

  auto post = client.request(http::verb::post, "/openapi.json", "{}");
  BOOST_TEST(post.result_int() == 405);
  BOOST_TEST(post[http::field::allow] == "GET");
}

// From the outside too, the running router and the description agree: on every described path,
// a method the description does not list is 405 and Allow names exactly the listed ones.
BOOST_AUTO_TEST_CASE(every_described_path_allows_exactly_the_described_methods) {
  folio_process folio({create_database()});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  const auto doc = json_of(client.get("/openapi.json"));
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    std::set<std::string> described;
    for (const auto& [method, op] : item.as_object()) described.insert(upper(std::string(method)));
    auto probe = client.request(http::verb::options, concrete(std::string(path)));
    BOOST_TEST(probe.result_int() == 405, path);
    BOOST_TEST((allowed(probe) == described), path);
  }
}

// The description and the docs page change only with the binary: ETag, Cache-Control, 304.
BOOST_AUTO_TEST_CASE(docs_page_and_its_script_are_cacheable) {
  folio_process folio({create_database()});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  auto page = client.get("/docs");
  BOOST_TEST(page.result_int() == 200);
  BOOST_TEST(page[http::field::content_type].starts_with("text/html"));
  BOOST_TEST(page.body().find(R"(<redoc spec-url="/openapi.json">)") != std::string::npos);
  BOOST_TEST(page[http::field::cache_control] == "no-cache");
  auto script = client.get("/docs/redoc.standalone.js");
  BOOST_TEST(script.result_int() == 200);
  BOOST_TEST(script[http::field::content_type].starts_with("text/javascript"));
  BOOST_TEST(script.body().size() > 100000u);
  BOOST_TEST(script[http::field::cache_control].find("max-age=") != std::string::npos);
  for (const auto* target : {"/docs", "/docs/redoc.standalone.js", "/openapi.json"}) {
    const std::string etag(client.get(target)[http::field::etag]);
    BOOST_TEST(etag.starts_with('"'), target);
    auto again = client.request(http::verb::get, target, "", {{"If-None-Match", "W/" + etag}});
    BOOST_TEST(again.result_int() == 304, target);
    BOOST_TEST(again.body().empty(), target);
    BOOST_TEST(again[http::field::etag] == etag, target);
    auto stale = client.request(http::verb::get, target, "", {{"If-None-Match", "\"stale\""}});
    BOOST_TEST(stale.result_int() == 200, target);
  }
}

// The image's HEALTHCHECK: 0 when the configured server answers 200, 1 when nothing listens.
BOOST_AUTO_TEST_CASE(healthcheck_asks_the_configured_server) {
  const auto database = create_database();
  folio_process folio({database});
  BOOST_REQUIRE(folio.wait_until_serving());
  const auto port = std::to_string(folio.port());
  BOOST_TEST(run_folio(database, "healthcheck", {{"PORT", port}}) == 0);
  BOOST_TEST(run_folio(database, "healthcheck /readyz", {{"PORT", port}, {"HOST", "0.0.0.0"}}) == 0);
  std::string output;
  BOOST_TEST(run_folio(database, "healthcheck /no-such-path", {{"PORT", port}}, &output) == 1);
  BOOST_TEST(output.find("404") != std::string::npos, output);
  BOOST_TEST(run_folio(database, "healthcheck", {{"PORT", std::to_string(free_port())}}) == 1);
}

BOOST_AUTO_TEST_CASE(version_names_the_version_and_the_commit) {
  std::string output;
  BOOST_TEST(run_folio("", "--version", {}, &output) == 0);
  BOOST_TEST(output.starts_with("folio "), output);
  BOOST_TEST(output.find("(commit ") != std::string::npos, output);
}

BOOST_AUTO_TEST_SUITE_END()
