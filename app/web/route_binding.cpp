#include "app/web/route_binding.hpp"

#include "app/runtime/log.hpp"
#include "app/web/read_routing.hpp"
#include "app/web/services.hpp"
#include "db/error.hpp"
#include "net/problem.hpp"
#include "net/response.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;
using net::http::verb;

bool is_read(verb method) { return method == verb::get || method == verb::head; }

asio::awaitable<net::http_response> checked_read(services& svc, net::request& req, handler_fn fn) {
  if (!requested_position(req))
    co_return net::problem_response(
        net::bad_request(std::string(position_header) + " must be a WAL position as folio sent it, such as 0/16B3748"));
  co_return co_await fn(svc, req);
}

asio::awaitable<net::http_response> positioned_write(services& svc, net::request& req, handler_fn fn) {
  auto response = co_await fn(svc, req);
  if (net::http::to_status_class(response.result()) != net::http::status_class::successful) co_return response;
  // The write is done and acknowledged: failing now would invite the client to repeat it. Without a
  // position its next reads may miss it, which the log says.
  try {
    const auto position = co_await svc.replicas.write_position();
    response.set(position_header, db::format_lsn(position));
  } catch (const db::db_error& e) {
    log::warn("no WAL position for a write's answer", {{"request_id", req.request_id}, {"error", e.what()}});
  }
  co_return response;
}

net::router::handler bind_endpoint(services& svc, verb method, handler_fn fn) {
  if (is_read(method)) return [&svc, fn](net::request& req) { return checked_read(svc, req, fn); };
  if (svc.replicas.empty()) return bind_handler(svc, fn);
  return [&svc, fn](net::request& req) { return positioned_write(svc, req, fn); };
}

}  // namespace

void add_endpoints(net::router& routes, services& svc, std::span<const api_section> sections) {
  for (const auto& section : sections)
    for (const auto& e : section.endpoints) routes.add(e.method, e.path, bind_endpoint(svc, e.method, e.handler));
}

}  // namespace folio::app
