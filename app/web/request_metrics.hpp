#pragma once
// One event loop's answered requests: how many by route, method and status, and how long they
// took by route. Plain counters in a table sized once at start-up: the loop's own thread writes
// them and the scrape reads them on that thread too (metrics.cpp), so counting a request costs a
// few increments, no lock and no allocation.
#include <array>
#include <cstdint>
#include <vector>

#include "app/web/latency_histogram.hpp"
#include "app/web/prometheus_text.hpp"
#include "net/exchange_record.hpp"
#include "net/router.hpp"

namespace folio::app {

class request_metrics {
 public:
  // One row per route of `routes`, then one per method for requests that matched no route;
  // `routes` must be complete and outlive this.
  explicit request_metrics(const net::router& routes);

  void record(const net::exchange_record& exchange) noexcept;
  // Adds these counts to `total`, which counts for the same route table.
  void add_to(request_metrics& total) const noexcept;
  // The families folio_http_requests_total and folio_http_request_duration_seconds.
  void render(prometheus_text& out) const;

 private:
  static constexpr unsigned first_status = 100;
  static constexpr std::size_t statuses = 500;  // 100 to 599
  struct row {
    std::array<std::uint64_t, statuses> by_status{};
    latency_histogram latency;
  };
  std::size_t row_of(const net::exchange_record& exchange) const noexcept;

  const net::router& routes_;
  std::vector<row> rows_;
};

}  // namespace folio::app
