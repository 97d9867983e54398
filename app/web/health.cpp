#include "app/web/health.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe.hpp>

#include "app/web/json_schema.hpp"
#include "app/web/json_writer.hpp"
#include "app/web/metrics.hpp"
#include "app/web/prometheus_text.hpp"
#include "net/response.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;
using net::http::status;

constexpr db::statement ping{"health_ping", "SELECT 1"};

struct health_status {
  std::string status;  // "ok" or "ready"
};
BOOST_DESCRIBE_STRUCT(health_status, (), (status))

asio::awaitable<net::http_response> alive(services&, net::request&) {
  co_return net::json_response(status::ok, to_json(health_status{"ok"}));
}

// Each loop serves from its own pool, and a client's next connection may land on any loop: the
// process is ready only when every loop's pool has a healthy connection.
asio::awaitable<bool> every_loop_ready(const metrics_sources& sources) {
  for (const auto& loop : sources.loops) {
    auto probe = [&pool = loop.pool]() -> asio::awaitable<bool> { co_return pool.ready(); };
    const bool ready = co_await asio::co_spawn(loop.executor, probe, asio::use_awaitable);
    if (!ready) co_return false;
  }
  co_return true;
}

asio::awaitable<net::http_response> ready(services& svc, net::request&) {
  const bool every_pool_ready = co_await every_loop_ready(svc.metrics);
  if (!every_pool_ready) co_return net::problem_response(net::unavailable("the database is unreachable"));
  co_await svc.pool.execute(ping);  // a failure becomes 503 through the error mapping
  co_return net::json_response(status::ok, to_json(health_status{"ready"}));
}

}  // namespace

std::vector<const db::statement*> health_statements() { return {&ping}; }

api_section health_api() {
  using verb = net::http::verb;
  return {"operations",
          "Health checks, metrics and the description of the API itself.",
          {{.method = verb::get,
            .path = "/healthz",
            .handler = alive,
            .summary = "The process is up: {\"status\":\"ok\"}",
            .response = schema_of<health_status>},
           {.method = verb::get,
            .path = "/readyz",
            .handler = ready,
            .summary = "The database answers and the schema is migrated: {\"status\":\"ready\"}, else 503",
            .response = schema_of<health_status>},
           {.method = verb::get,
            .path = "/metrics",
            .handler = metrics_text,
            .summary = "The process's metrics in the Prometheus text format (docs/operations.md lists them)",
            .response = schema_of<std::string>,
            .media_type = prometheus_text::content_type}}};
}

}  // namespace folio::app
