#include "app/web/metrics.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <optional>
#include <string>

#include "app/runtime/log.hpp"
#include "app/runtime/process_stats.hpp"
#include "app/web/services.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;
namespace http = net::http;

// The figures of every event loop, added up.
struct loop_totals {
  std::optional<request_metrics> requests;
  db::pool_stats pool;
  std::uint64_t in_flight = 0;
  std::uint64_t queued = 0;
  std::uint64_t shed = 0;
};

// Runs on the loop's own thread, the only one that writes its counters.
asio::awaitable<void> add_loop(loop_totals& totals, const metrics_sources::loop& loop) {
  if (totals.requests)
    loop.requests.add_to(*totals.requests);
  else
    totals.requests.emplace(loop.requests);
  totals.pool += loop.pool.stats();
  totals.in_flight += loop.gate.running();
  totals.queued += loop.gate.queued();
  totals.shed += loop.gate.shed();
  co_return;
}

void gauge(prometheus_text& out, std::string_view name, std::string_view help, std::uint64_t value) {
  out.family(name, "gauge", help);
  out.sample(name, {}, value);
}

void counter(prometheus_text& out, std::string_view name, std::string_view help, std::uint64_t value) {
  out.family(name, "counter", help);
  out.sample(name, {}, value);
}

void render_http(prometheus_text& out, const loop_totals& totals, const metrics_sources& sources) {
  totals.requests->render(out);
  gauge(out, "folio_http_requests_in_flight", "Requests whose handlers are running.", totals.in_flight);
  gauge(out, "folio_http_requests_queued", "Requests waiting for admission.", totals.queued);
  counter(out, "folio_http_requests_shed_total",
          "Requests answered 503 by admission control (queue full or waited too long).", totals.shed);
  gauge(out, "folio_http_connections_open", "Client connections open.", sources.connections.open());
  counter(out, "folio_http_connections_refused_total", "Client connections closed at once past MAX_CONNECTIONS.",
          sources.connections.refused());
}

void render_db_errors(prometheus_text& out, const db::call_stats& calls) {
  static constexpr std::array<std::string_view, db::call_stats::kinds> kinds{"server", "connection", "unavailable",
                                                                             "protocol"};
  out.family("folio_db_errors_total", "counter",
             "Failed database calls by kind: server (an error from PostgreSQL), connection, unavailable "
             "(no connection in time), protocol.");
  for (std::size_t k = 0; k < kinds.size(); ++k)
    out.sample("folio_db_errors_total", {{"kind", kinds[k]}}, calls.errors_by_kind[k]);
  out.family("folio_db_sqlstate_errors_total", "counter",
             "Failed database calls that carried a SQLSTATE, by its class.");
  for (std::size_t c = 0; c < calls.errors_by_class.size(); ++c) {
    if (calls.errors_by_class[c] == 0) continue;
    const auto name = db::call_stats::class_name(c);
    out.sample("folio_db_sqlstate_errors_total", {{"class", {name.data(), name.size()}}}, calls.errors_by_class[c]);
  }
}

void render_db(prometheus_text& out, const db::pool_stats& pool) {
  gauge(out, "folio_db_pool_size", "Database connections the pools keep.", pool.size);
  gauge(out, "folio_db_pool_busy", "Healthy connections with calls in flight or held by a transaction.", pool.busy);
  gauge(out, "folio_db_pool_idle", "Healthy connections with nothing to do.", pool.idle);
  gauge(out, "folio_db_pool_waiting", "Calls waiting for room on a connection.", pool.waiting);
  gauge(out, "folio_db_pipeline_depth", "Calls sent and not yet answered, over all connections.", pool.in_flight);
  counter(out, "folio_db_reconnects_total", "Connections opened again after the previous one broke.", pool.reconnects);
  counter(out, "folio_db_connect_failures_total", "Attempts to connect that failed.", pool.connect_failures);
  counter(out, "folio_db_acquire_timeouts_total", "Calls that waited too long for a connection.",
          pool.acquire_timeouts);
  counter(out, "folio_db_retries_total", "Calls sent again after a serialization failure or deadlock.", pool.retried);
  out.family("folio_db_call_duration_seconds", "histogram",
             "Time from a database call to its result, waiting for a connection included.");
  const prometheus_text::histogram_counts calls{db::call_stats::bounds_seconds, pool.calls.buckets, pool.calls.count,
                                                std::chrono::duration<double>(pool.calls.total).count()};
  out.histogram("folio_db_call_duration_seconds", {}, calls);
  render_db_errors(out, pool.calls);
}

void render_process(prometheus_text& out) {
  const auto process = read_process_stats();
  out.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
  out.sample("process_cpu_seconds_total", {}, process.cpu_seconds);
  gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", process.resident_bytes);
  gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.", process.virtual_bytes);
  gauge(out, "process_open_fds", "Number of open file descriptors.", process.open_descriptors);
  gauge(out, "process_max_fds", "Maximum number of open file descriptors.", process.max_descriptors);
  out.family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.");
  out.sample("process_start_time_seconds", {}, process.start_time_seconds);
}

asio::awaitable<net::http_response> scrape(const metrics_sources& sources) {
  loop_totals totals;
  for (const auto& loop : sources.loops) {
    auto visit = add_loop(totals, loop);
    co_await asio::co_spawn(loop.executor, std::move(visit), asio::use_awaitable);
  }
  prometheus_text out;
  render_http(out, totals, sources);
  render_db(out, totals.pool);
  gauge(out, "folio_hash_queue_depth", "Password hashes waiting for a hashing thread.", sources.hasher.queued());
  counter(out, "folio_log_lines_dropped_total", "Log lines dropped because the log queue was full.",
          log::dropped_lines());
  render_process(out);
  net::http_response response{http::status::ok, 11};
  response.set(http::field::content_type, prometheus_text::content_type);
  response.body() = out.text();
  co_return response;
}

}  // namespace

asio::awaitable<net::http_response> metrics_text(services& svc, net::request&) { return scrape(svc.metrics); }

}  // namespace folio::app
