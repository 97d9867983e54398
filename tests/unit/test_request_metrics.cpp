// Per-loop request counters (app/web/request_metrics.hpp): by route template, method and status,
// unrouted requests by method, latencies into buckets, and loops added up.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "app/web/request_metrics.hpp"

using folio::app::prometheus_text;
using folio::app::request_metrics;
using folio::net::exchange_record;
using folio::net::router;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

router two_routes() {
  router r;
  auto noop = [](folio::net::request&) -> boost::asio::awaitable<folio::net::http_response> {
    co_return folio::net::http_response{};
  };
  r.add(http::verb::get, "/items/{item:id}", noop);
  r.add(http::verb::post, "/items", noop);
  return r;
}

exchange_record routed(std::size_t route, unsigned status, std::chrono::microseconds took) {
  exchange_record e;
  e.routed = true;
  e.route = route;
  e.status = status;
  e.duration = took;
  return e;
}

std::string rendered(const request_metrics& m) {
  prometheus_text out;
  m.render(out);
  return out.text();
}

bool has_line(const std::string& text, const std::string& line) { return text.find(line + "\n") != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(request_metrics_suite)

BOOST_AUTO_TEST_CASE(counts_by_route_method_and_status) {
  const auto routes = two_routes();
  request_metrics m(routes);
  m.record(routed(0, 200, 300us));
  m.record(routed(0, 200, 2ms));
  m.record(routed(0, 404, 1ms));
  m.record(routed(1, 201, 20ms));
  exchange_record stray;
  stray.method = http::verb::delete_;
  stray.status = 405;
  m.record(stray);
  const auto text = rendered(m);
  BOOST_TEST(has_line(text, R"(folio_http_requests_total{route="/items/{item:id}",method="GET",status="200"} 2)"),
             text);
  BOOST_TEST(has_line(text, R"(folio_http_requests_total{route="/items/{item:id}",method="GET",status="404"} 1)"),
             text);
  BOOST_TEST(has_line(text, R"(folio_http_requests_total{route="/items",method="POST",status="201"} 1)"), text);
  BOOST_TEST(has_line(text, R"(folio_http_requests_total{route="unrouted",method="DELETE",status="405"} 1)"), text);
  BOOST_TEST(
      has_line(text,
               R"(folio_http_request_duration_seconds_bucket{route="/items/{item:id}",method="GET",le="0.0005"} 1)"),
      text);
  BOOST_TEST(
      has_line(text,
               R"(folio_http_request_duration_seconds_bucket{route="/items/{item:id}",method="GET",le="0.001"} 2)"),
      text);
  BOOST_TEST(
      has_line(text,
               R"(folio_http_request_duration_seconds_bucket{route="/items/{item:id}",method="GET",le="+Inf"} 3)"),
      text);
  BOOST_TEST(has_line(text, R"(folio_http_request_duration_seconds_count{route="/items",method="POST"} 1)"), text);
  BOOST_TEST(text.find("status=\"500\"") == std::string::npos, "counters that never moved are left out");
}

BOOST_AUTO_TEST_CASE(loops_add_up) {
  const auto routes = two_routes();
  request_metrics first(routes), second(routes);
  first.record(routed(1, 201, 1ms));
  second.record(routed(1, 201, 1ms));
  second.record(routed(1, 409, 1ms));
  request_metrics total(first);
  second.add_to(total);
  const auto text = rendered(total);
  BOOST_TEST(has_line(text, R"(folio_http_requests_total{route="/items",method="POST",status="201"} 2)"), text);
  BOOST_TEST(has_line(text, R"(folio_http_requests_total{route="/items",method="POST",status="409"} 1)"), text);
  BOOST_TEST(has_line(text, R"(folio_http_request_duration_seconds_count{route="/items",method="POST"} 3)"), text);
}

BOOST_AUTO_TEST_SUITE_END()
