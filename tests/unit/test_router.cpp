#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "net/router.hpp"

using folio::net::http_response;
using folio::net::path_params;
using folio::net::request;
using folio::net::router;
namespace http = boost::beast::http;

namespace {

router::handler noop() {
  return [](request&) -> boost::asio::awaitable<http_response> { co_return http_response{}; };
}

// A small table shaped like the API's: literals, a text parameter, typed ids, several methods.
router sample_router() {
  router r;
  r.add(http::verb::get, "/healthz", noop());
  r.add(http::verb::get, "/items", noop());
  r.add(http::verb::post, "/items", noop());
  r.add(http::verb::get, "/items/{item:id}", noop());
  r.add(http::verb::delete_, "/items/{item:id}", noop());
  r.add(http::verb::get, "/items/{item:id}/notes/{note:id}", noop());
  r.add(http::verb::get, "/users/{username}", noop());
  return r;
}

struct outcome {
  bool found;
  std::string route;
  std::string allow;
  path_params params;
};

outcome match(const router& r, http::verb method, std::vector<std::string> segments) {
  path_params params;
  auto m = r.match(method, segments, params);
  return {m.target != nullptr, std::string(m.route), m.allow, params};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(router_tests)

BOOST_AUTO_TEST_CASE(literal_paths_match_exactly) {
  const auto r = sample_router();
  auto m = match(r, http::verb::get, {"healthz"});
  BOOST_TEST(m.found);
  BOOST_TEST(m.route == "/healthz");

  BOOST_TEST(!match(r, http::verb::get, {"healthz", "x"}).found);
  BOOST_TEST(!match(r, http::verb::get, {"Healthz"}).found);
  BOOST_TEST(!match(r, http::verb::get, {"health"}).found);
  BOOST_TEST(!match(r, http::verb::get, {}).found);

  auto list = match(r, http::verb::get, {"items"});
  BOOST_TEST(list.found);
  BOOST_TEST(list.route == "/items");
  auto create = match(r, http::verb::post, {"items"});
  BOOST_TEST(create.found);
  BOOST_TEST(create.route == "/items");
}

BOOST_AUTO_TEST_CASE(text_parameters_keep_the_segment) {
  const auto r = sample_router();
  auto m = match(r, http::verb::get, {"users", "ana maria"});
  BOOST_TEST(m.found);
  BOOST_TEST(m.route == "/users/{username}");
  BOOST_TEST(m.params.text(0) == "ana maria");
}

BOOST_AUTO_TEST_CASE(id_parameters_hold_the_value) {
  const auto r = sample_router();
  auto m = match(r, http::verb::get, {"items", "42"});
  BOOST_TEST(m.found);
  BOOST_TEST(m.route == "/items/{item:id}");
  BOOST_TEST(m.params.id(0) == 42);
  BOOST_TEST(m.params.text(0) == "42");

  auto nested = match(r, http::verb::get, {"items", "7", "notes", "1"});
  BOOST_TEST(nested.found);
  BOOST_TEST(nested.route == "/items/{item:id}/notes/{note:id}");
  BOOST_TEST(nested.params.id(0) == 7);
  BOOST_TEST(nested.params.id(1) == 1);
}

BOOST_AUTO_TEST_CASE(largest_int64_is_a_valid_id) {
  const auto r = sample_router();
  const auto max = std::numeric_limits<std::int64_t>::max();
  auto m = match(r, http::verb::get, {"items", std::to_string(max)});
  BOOST_TEST(m.found);
  BOOST_TEST(m.params.id(0) == max);
}

BOOST_AUTO_TEST_CASE(ids_that_are_not_positive_canonical_int64_do_not_match) {
  const auto r = sample_router();
  for (std::string bad : {"0", "-1", "+1", "01", "00", "1x", " 1", "1 ", "", "abc", "1.0", "9223372036854775808",
                          "18446744073709551616", "12345678901234567890", "99999999999999999999"}) {
    BOOST_TEST_CONTEXT("id segment '" << bad << "'") {
      auto m = match(r, http::verb::get, {"items", bad});
      BOOST_TEST(!m.found);
      // No other method accepts it either: a bad id is 404, not 405.
      BOOST_TEST(m.allow.empty());
      std::int64_t value = 0;
      BOOST_TEST(!folio::net::parse_id(bad, value));
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_id_accepts_positive_decimal) {
  std::int64_t value = 0;
  BOOST_TEST(folio::net::parse_id("1", value));
  BOOST_TEST(value == 1);
  BOOST_TEST(folio::net::parse_id("9223372036854775807", value));
  BOOST_TEST(value == std::numeric_limits<std::int64_t>::max());
  BOOST_TEST(folio::net::parse_id("1000000", value));
  BOOST_TEST(value == 1000000);
}

BOOST_AUTO_TEST_CASE(unknown_path_is_404_without_allow) {
  const auto r = sample_router();
  auto m = match(r, http::verb::get, {"nothing", "here"});
  BOOST_TEST(!m.found);
  BOOST_TEST(m.allow.empty());
  BOOST_TEST(match(r, http::verb::post, {"nope"}).allow.empty());
}

BOOST_AUTO_TEST_CASE(known_path_with_other_method_is_405_with_allow_list) {
  const auto r = sample_router();
  auto put = match(r, http::verb::put, {"items"});
  BOOST_TEST(!put.found);
  BOOST_TEST(put.allow == "GET, POST");

  auto post_item = match(r, http::verb::post, {"items", "5"});
  BOOST_TEST(!post_item.found);
  BOOST_TEST(post_item.allow == "GET, DELETE");

  auto post_health = match(r, http::verb::post, {"healthz"});
  BOOST_TEST(!post_health.found);
  BOOST_TEST(post_health.allow == "GET");
}

BOOST_AUTO_TEST_CASE(too_many_parameters_are_refused_when_adding) {
  router r;
  BOOST_CHECK_THROW(r.add(http::verb::get, "/{a}/{b}/{c}/{d}/{e}", noop()), std::invalid_argument);
  BOOST_CHECK_NO_THROW(r.add(http::verb::get, "/{a}/{b}/{c}/{d}", noop()));
}

BOOST_AUTO_TEST_SUITE_END()
