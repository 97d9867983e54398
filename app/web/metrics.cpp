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
  // Each loop polls the replicas on its own: a replica is up only if every loop finds it so, and
  // lags as much as the furthest view.
  std::vector<db::replica_status> replicas;
  std::uint64_t primary_reads = 0;
  std::uint64_t in_flight = 0;
  std::uint64_t queued = 0;
  std::uint64_t shed = 0;
};

void add_replicas(loop_totals& totals, const db::replica_set& replicas) {
  auto seen = replicas.status();
  totals.primary_reads += replicas.primary_reads();
  if (totals.replicas.empty()) {
    totals.replicas = std::move(seen);
    return;
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    auto& total = totals.replicas[i];
    total.up = total.up && seen[i].up;
    total.in_rotation = total.in_rotation && seen[i].in_rotation;
    total.lag_bytes = std::max(total.lag_bytes, seen[i].lag_bytes);
    total.lag = std::max(total.lag, seen[i].lag);
    total.reads += seen[i].reads;
  }
}

// Runs on the loop's own thread, the only one that writes its counters.
asio::awaitable<void> add_loop(loop_totals& totals, const metrics_sources::loop& loop) {
  if (totals.requests)
    loop.requests.add_to(*totals.requests);
  else
    totals.requests.emplace(loop.requests);
  totals.pool += loop.pool.stats();
  add_replicas(totals, loop.replicas);
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
  counter(out, "folio_db_resent_total",
          "Calls sent again because another call sharing their Sync failed (DB_SHARED_SYNC; healthy connections).",
          pool.resent);
  counter(out, "folio_db_syncs_total",
          "Syncs sent to PostgreSQL: one per call, or one per group of calls that share it (DB_SHARED_SYNC).",
          pool.syncs);
  out.family("folio_db_call_duration_seconds", "histogram",
             "Time from a database call to its result, waiting for a connection included.");
  const prometheus_text::histogram_counts calls{db::call_stats::bounds_seconds, pool.calls.buckets, pool.calls.count,
                                                std::chrono::duration<double>(pool.calls.total).count()};
  out.histogram("folio_db_call_duration_seconds", {}, calls);
  render_db_errors(out, pool.calls);
}

void render_replicas(prometheus_text& out, const loop_totals& totals) {
  if (totals.replicas.empty()) return;
  auto per_replica = [&](std::string_view name, std::string_view type, std::string_view help, auto value_of) {
    out.family(name, type, help);
    for (const auto& r : totals.replicas) out.sample(name, {{"replica", r.name}}, value_of(r));
  };
  using status = db::replica_status;
  per_replica("folio_db_replica_up", "gauge", "1 when the replica answered its last poll as a server in recovery.",
              [](const status& r) { return std::uint64_t{r.up}; });
  per_replica("folio_db_replica_in_rotation", "gauge",
              "1 when the replica serves reads: up and no more than DB_REPLICA_MAX_LAG_MS behind.",
              [](const status& r) { return std::uint64_t{r.in_rotation}; });
  per_replica("folio_db_replica_lag_bytes", "gauge", "WAL the primary has written that the replica has not replayed.",
              [](const status& r) { return r.lag_bytes; });
  per_replica("folio_db_replica_lag_seconds", "gauge",
              "How long ago the primary reached the oldest position the replica has not replayed.",
              [](const status& r) { return std::chrono::duration<double>(r.lag).count(); });
  out.family("folio_db_reads_total", "counter", "Reads that could go to a replica, by the server that served them.");
  out.sample("folio_db_reads_total", {{"server", "primary"}}, totals.primary_reads);
  for (const auto& r : totals.replicas) out.sample("folio_db_reads_total", {{"server", r.name}}, r.reads);
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
  render_replicas(out, totals);
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
