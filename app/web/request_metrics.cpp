#include "app/web/request_metrics.hpp"

#include <string>

namespace folio::app {
namespace {

namespace http = boost::beast::http;

// Every method Beast knows has a row for unrouted requests; anything else counts as `unknown`.
constexpr std::size_t methods = static_cast<std::size_t>(http::verb::unlink) + 1;
// The route label of requests answered without a route; patterns start with '/', so it is no pattern.
constexpr std::string_view unrouted = "unrouted";

std::string_view method_label(http::verb method) {
  if (method == http::verb::unknown) return "unknown";
  const auto name = http::to_string(method);
  return {name.data(), name.size()};
}

}  // namespace

request_metrics::request_metrics(const net::router& routes) : routes_(routes), rows_(routes.size() + methods) {}

std::size_t request_metrics::row_of(const net::exchange_record& exchange) const noexcept {
  if (exchange.routed) return exchange.route;
  return routes_.size() + std::min(static_cast<std::size_t>(exchange.method), methods - 1);
}

void request_metrics::record(const net::exchange_record& exchange) noexcept {
  auto& counts = rows_[row_of(exchange)];
  const auto status = std::clamp<std::size_t>(exchange.status, first_status, first_status + statuses - 1);
  ++counts.by_status[status - first_status];
  counts.latency.record(exchange.duration);
}

void request_metrics::add_to(request_metrics& total) const noexcept {
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    for (std::size_t s = 0; s < statuses; ++s) total.rows_[r].by_status[s] += rows_[r].by_status[s];
    total.rows_[r].latency += rows_[r].latency;
  }
}

void request_metrics::render(prometheus_text& out) const {
  auto labels_of = [this](std::size_t r) {
    if (r < routes_.size()) return std::pair{routes_.pattern(r), method_label(routes_.method(r))};
    return std::pair{unrouted, method_label(static_cast<http::verb>(r - routes_.size()))};
  };
  out.family("folio_http_requests_total", "counter", "HTTP requests answered, by route template, method and status.");
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const auto [route, method] = labels_of(r);
    for (std::size_t s = 0; s < statuses; ++s) {
      if (rows_[r].by_status[s] == 0) continue;
      const auto status = std::to_string(first_status + s);
      out.sample("folio_http_requests_total", {{"route", route}, {"method", method}, {"status", status}},
                 rows_[r].by_status[s]);
    }
  }
  out.family("folio_http_request_duration_seconds", "histogram",
             "Time from a request's header to its answer written, by route template and method.");
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    if (rows_[r].latency.count == 0) continue;
    const auto [route, method] = labels_of(r);
    out.histogram("folio_http_request_duration_seconds", {{"route", route}, {"method", method}},
                  rows_[r].latency.counts());
  }
}

}  // namespace folio::app
