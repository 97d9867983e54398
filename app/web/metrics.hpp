#pragma once
// GET /metrics: the whole process in the Prometheus text format (docs/operations.md lists every
// metric). An event loop's counters are plain values that only its own thread touches, so the
// scrape visits the loops one after the other and adds their figures up on each loop's thread,
// then adds what the process shares and renders the text.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <vector>

#include "app/auth/password_hasher.hpp"
#include "app/web/request_metrics.hpp"
#include "db/pool.hpp"
#include "db/replica_set.hpp"
#include "net/admission.hpp"
#include "net/router.hpp"

namespace folio::app {

struct metrics_sources {
  struct loop {
    boost::asio::any_io_executor executor;
    const request_metrics& requests;
    const net::request_gate& gate;
    const db::pool& pool;
    const db::replica_set& replicas;
  };
  std::vector<loop> loops;  // filled at start-up, before any loop runs
  const net::connection_limit& connections;
  const password_hasher& hasher;
};

struct services;

// GET /metrics, a row of the route table (health_api in app/web/health.cpp): scrapes
// services::metrics.
boost::asio::awaitable<net::http_response> metrics_text(services& svc, net::request& req);

}  // namespace folio::app
