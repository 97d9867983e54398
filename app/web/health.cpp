#include "app/web/health.hpp"

#include "net/response.hpp"

namespace folio::app {
namespace {

constexpr db::statement ping{"health_ping", "SELECT 1"};

}  // namespace

std::vector<const db::statement*> health_statements() { return {&ping}; }

void add_health_routes(net::router& routes, services& svc) {
  routes.add(net::http::verb::get, "/healthz", [](net::request&) -> boost::asio::awaitable<net::http_response> {
    co_return net::json_response(net::http::status::ok, R"({"status":"ok"})");
  });
  routes.add(net::http::verb::get, "/readyz", [&svc](net::request&) -> boost::asio::awaitable<net::http_response> {
    if (!svc.pool.ready()) co_return net::problem_response(net::unavailable("the database is unreachable"));
    co_await svc.pool.execute(ping);  // a failure becomes 503 through the error mapping
    co_return net::json_response(net::http::status::ok, R"({"status":"ready"})");
  });
}

}  // namespace folio::app
