#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "app/web/errors.hpp"
#include "net/problem.hpp"
#include "net/response.hpp"

namespace net = folio::net;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

json::object body_of(const net::problem& p) { return json::parse(net::problem_json(p)).as_object(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(problem_tests)

BOOST_AUTO_TEST_CASE(every_status_has_its_contract_code) {
  const std::vector<std::pair<http::status, std::string>> table{
      {http::status::bad_request, "bad_request"},
      {http::status::request_header_fields_too_large, "bad_request"},
      {http::status::unauthorized, "unauthorized"},
      {http::status::forbidden, "forbidden"},
      {http::status::not_found, "not_found"},
      {http::status::method_not_allowed, "method_not_allowed"},
      {http::status::conflict, "conflict"},
      {http::status::precondition_failed, "precondition_failed"},
      {http::status::payload_too_large, "payload_too_large"},
      {http::status::unsupported_media_type, "unsupported_media_type"},
      {http::status::unprocessable_entity, "validation_failed"},
      {http::status::too_many_requests, "rate_limited"},
      {http::status::service_unavailable, "unavailable"},
      {http::status::internal_server_error, "internal"},
      {http::status::bad_gateway, "internal"},
  };
  for (const auto& [status, code] : table) {
    BOOST_TEST_CONTEXT("status " << static_cast<int>(status)) {
      BOOST_TEST(net::problem_code(status) == code);
      auto body = body_of({status, "d"});
      BOOST_TEST(body.at("code").as_string() == code);
      BOOST_TEST(body.at("status").as_int64() == static_cast<int>(status));
      BOOST_TEST(body.at("type").as_string() == "about:blank");
      BOOST_TEST(body.at("title").as_string() == std::string(http::obsolete_reason(status)));
      BOOST_TEST(body.at("detail").as_string() == "d");
    }
  }
}

BOOST_AUTO_TEST_CASE(constructors_pick_their_status) {
  BOOST_TEST(net::bad_request("x").status == http::status::bad_request);
  BOOST_TEST(net::unauthorized("x").status == http::status::unauthorized);
  BOOST_TEST(net::forbidden("x").status == http::status::forbidden);
  BOOST_TEST(net::not_found("x").status == http::status::not_found);
  BOOST_TEST(net::conflict("x", {}).status == http::status::conflict);
  BOOST_TEST(net::precondition_failed("x").status == http::status::precondition_failed);
  BOOST_TEST(net::payload_too_large(1024 * 1024).status == http::status::payload_too_large);
  BOOST_TEST(net::payload_too_large(1024 * 1024).detail == "the request body is larger than 1 MiB");
  BOOST_TEST(net::payload_too_large(5000).detail == "the request body is larger than 5000 bytes");
  BOOST_TEST(net::validation_failed({}).status == http::status::unprocessable_entity);
  BOOST_TEST(net::rate_limited(std::chrono::seconds(3)).status == http::status::too_many_requests);
  BOOST_TEST(net::unavailable("x").status == http::status::service_unavailable);
  BOOST_TEST(net::internal_error().status == http::status::internal_server_error);
}

BOOST_AUTO_TEST_CASE(errors_appear_only_for_validation_and_conflict) {
  auto validation = body_of(net::validation_failed({{"title", "is required"}, {"slug", "is too long"}}));
  const auto& errors = validation.at("errors").as_array();
  BOOST_REQUIRE(errors.size() == 2u);
  BOOST_TEST(errors[0].at("field").as_string() == "title");
  BOOST_TEST(errors[0].at("message").as_string() == "is required");
  BOOST_TEST(errors[1].at("field").as_string() == "slug");

  auto clash = body_of(net::conflict("taken", {{"username", "is already taken"}}));
  BOOST_REQUIRE(clash.at("errors").as_array().size() == 1u);
  BOOST_TEST(clash.at("errors").as_array()[0].at("field").as_string() == "username");

  // For these two statuses the member is present even when the list is empty.
  BOOST_TEST(body_of(net::validation_failed({})).at("errors").as_array().empty());

  // Any other status never carries errors, even if some were set by mistake.
  for (auto status : {http::status::bad_request, http::status::not_found, http::status::unauthorized,
                      http::status::service_unavailable, http::status::internal_server_error}) {
    net::problem p{status, "d", {{"field", "message"}}};
    BOOST_TEST(!body_of(p).contains("errors"), "status " << static_cast<int>(status));
  }
}

BOOST_AUTO_TEST_CASE(detail_is_escaped_json) {
  auto body = body_of(net::bad_request("a \"quoted\" \\ line\nbreak"));
  BOOST_TEST(body.at("detail").as_string() == "a \"quoted\" \\ line\nbreak");
}

BOOST_AUTO_TEST_CASE(problem_response_sets_content_type_and_body) {
  auto response = net::problem_response(net::not_found("no such thing"));
  BOOST_TEST(response.result() == http::status::not_found);
  BOOST_TEST(response[http::field::content_type] == "application/problem+json");
  BOOST_TEST(json::parse(response.body()).at("code").as_string() == "not_found");
  BOOST_TEST(response[http::field::www_authenticate].empty());
  BOOST_TEST(response[http::field::retry_after].empty());
  BOOST_TEST(response[http::field::allow].empty());
}

BOOST_AUTO_TEST_CASE(unauthorized_sets_www_authenticate) {
  auto response = net::problem_response(net::unauthorized("log in"));
  BOOST_TEST(response.result() == http::status::unauthorized);
  BOOST_TEST(response[http::field::www_authenticate] == "Bearer");
  BOOST_TEST(net::problem_response(net::forbidden("no"))[http::field::www_authenticate].empty());
}

BOOST_AUTO_TEST_CASE(rate_limited_and_unavailable_set_retry_after) {
  auto limited = net::problem_response(net::rate_limited(std::chrono::seconds(7)));
  BOOST_TEST(limited.result() == http::status::too_many_requests);
  BOOST_TEST(limited[http::field::retry_after] == "7");

  auto down = net::problem_response(net::unavailable("db down", std::chrono::seconds(3)));
  BOOST_TEST(down.result() == http::status::service_unavailable);
  BOOST_TEST(down[http::field::retry_after] == "3");

  auto default_down = net::problem_response(net::unavailable("db down"));
  BOOST_TEST(default_down[http::field::retry_after] == "1");
}

BOOST_AUTO_TEST_CASE(method_not_allowed_sets_allow) {
  net::problem p{http::status::method_not_allowed, "method not allowed here"};
  p.allow = "GET, POST";
  auto response = net::problem_response(p);
  BOOST_TEST(response.result() == http::status::method_not_allowed);
  BOOST_TEST(response[http::field::allow] == "GET, POST");
  BOOST_TEST(json::parse(response.body()).at("code").as_string() == "method_not_allowed");
}

BOOST_AUTO_TEST_CASE(a_refused_password_hash_is_503_with_retry_after) {
  const auto p = folio::app::hashing_at_capacity();
  BOOST_TEST(static_cast<int>(p.status) == 503);
  BOOST_REQUIRE(p.retry_after.has_value());
  BOOST_TEST(p.retry_after->count() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
