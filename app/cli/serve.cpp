#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sys/resource.h>

#include <list>
#include <thread>

#include "app/cli/commands.hpp"
#include "app/cli/routes.hpp"
#include "app/cli/run_sync.hpp"
#include "app/runtime/database.hpp"
#include "app/runtime/log.hpp"
#include "app/web/access_log.hpp"
#include "app/web/errors.hpp"
#include "app/web/metrics.hpp"
#include "app/web/request_metrics.hpp"
#include "db/error.hpp"
#include "net/server.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;

// Log lines waiting for the writer thread; past that, lines are dropped and counted.
constexpr std::size_t log_queue_lines = 16384;

// One event loop: its own pool of pipelined connections, its own listener on the shared port
// (SO_REUSEPORT), and handlers that never leave it. More cores = more workers.
struct worker {
  worker(const config& cfg, const cursor_codec& cursors, password_hasher& hasher, login_throttle& throttle,
         registration_throttle& registrations, net::connection_limit& connections, const metrics_sources& metrics,
         std::size_t loops)
      : pool(context.get_executor(), loop_pool_settings(cfg, loops), all_statements()),
        replicas(context.get_executor(), pool, replica_settings_from(cfg, loop_pool_size(cfg, loops)),
                 all_statements()),
        svc{pool, replicas, cfg, cursors, hasher, throttle, registrations, metrics},
        routes(route_table(svc)),
        requests(routes),
        server(context.get_executor(), server_settings_from(cfg, loops), connections, routes, to_problem,
               [this](const net::exchange_record& exchange) { observe(exchange); }) {}

  static net::router route_table(services& svc) {
    net::router table;
    add_routes(table, svc);
    return table;
  }

  // DB_POOL_SIZE and DB_MAX_WAITERS are per process: each loop gets its share.
  static db::pool_settings loop_pool_settings(const config& cfg, std::size_t loops) {
    auto settings = pool_settings_from(cfg, loop_pool_size(cfg, loops));
    settings.max_waiters = static_cast<std::size_t>(cfg.db_max_waiters) / loops;
    return settings;
  }

  // One loop's share of DB_POOL_SIZE: the connections of its primary pool and of each replica's
  // (those are pipelined even when DATABASE_URL goes through a pooler).
  static std::size_t loop_pool_size(const config& cfg, std::size_t loops) {
    return std::max<std::size_t>(1, static_cast<std::size_t>(cfg.db_pool_size) / loops);
  }

  static net::server_settings server_settings_from(const config& cfg, std::size_t loops) {
    net::server_settings s;
    s.host = cfg.host;
    s.port = cfg.port;
    s.max_header_bytes = static_cast<std::size_t>(cfg.max_header_bytes);
    s.max_body_bytes = static_cast<std::size_t>(cfg.max_body_bytes);
    s.header_timeout = cfg.header_timeout;
    s.idle_timeout = cfg.idle_timeout;
    s.request_timeout = cfg.request_timeout;
    s.shutdown_grace = cfg.shutdown_grace;
    s.reuse_port = loops > 1;
    // MAX_IN_FLIGHT and MAX_QUEUED are per process: each loop gets its share.
    s.requests.max_running = std::max<std::size_t>(1, static_cast<std::size_t>(cfg.max_in_flight) / loops);
    s.requests.max_queued = static_cast<std::size_t>(cfg.max_queued) / loops;
    s.requests.max_wait = cfg.queue_timeout;
    return s;
  }

  // Every answered request, on this loop's thread.
  void observe(const net::exchange_record& exchange) {
    requests.record(exchange);
    log_access(exchange);
  }

  asio::awaitable<void> stop() {
    co_await server.shutdown();
    co_await replicas.stop();
    co_await pool.stop();
  }

  asio::io_context context{1};
  db::pool pool;
  db::replica_set replicas;
  services svc;
  net::router routes;
  request_metrics requests;
  net::server server;
};

// Every client connection is a descriptor: take all the kernel allows this process.
void raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) log::warn("cannot raise the open-file limit");
}

// Shedding writes no log line per request; this writes one line per period in which it happened,
// until `tick` is cancelled.
asio::awaitable<void> report_shedding(const std::list<worker>& workers, const net::connection_limit& limit,
                                      asio::steady_timer& tick, std::chrono::seconds period) {
  auto shed = [&workers] {
    std::uint64_t total = 0;
    for (const auto& w : workers) total += w.server.gate().shed();
    return total;
  };
  std::uint64_t reported_requests = shed(), reported_connections = limit.refused();
  for (;;) {
    tick.expires_after(period);
    auto [ec] = co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    const auto requests = shed(), connections = limit.refused();
    if (requests == reported_requests && connections == reported_connections) continue;
    log::warn("overloaded: requests answered 503 and connections refused at the limits",
              {{"shed_requests", std::to_string(requests - reported_requests)},
               {"refused_connections", std::to_string(connections - reported_connections)},
               {"seconds", std::to_string(period.count())}});
    reported_requests = requests;
    reported_connections = connections;
  }
}

// A schema that does not match the code fails here, at boot, with every mismatch listed.
void check_statements(const config& cfg) {
  run_sync<int>([&](asio::any_io_executor executor) -> asio::awaitable<int> {
    db::pool probe(executor, check_pool_settings(cfg), all_statements());
    probe.start();
    std::exception_ptr failure;
    try {
      co_await probe.check_statements(cfg.db_connect_timeout * 2);
    } catch (...) {
      failure = std::current_exception();
    }
    co_await probe.stop();
    if (failure) std::rethrow_exception(failure);
    co_return 0;
  });
}

}  // namespace

int serve(const config& cfg) {
  try {
    run_sync<int>([&](asio::any_io_executor) -> asio::awaitable<int> {
      co_await migrate_at_startup(cfg, std::chrono::seconds(60));
      co_return 0;
    });
    check_statements(cfg);
  } catch (const std::exception& e) {
    log::error("start-up failed", {{"error", e.what()}});
    return 1;
  }

  const auto loops = static_cast<std::size_t>(cfg.threads);
  // Declared first, so that it outlives every thread that logs.
  log::background_writing log_writer(log_queue_lines);
  raise_descriptor_limit();
  if (cfg.cursor_secret.empty())
    log::warn("CURSOR_SECRET is not set: page cursors are signed with a random key and stop working on restart");
  const cursor_codec cursors(cfg.cursor_secret.empty() ? random_secret() : cfg.cursor_secret);
  if (cfg.hash_cost == password_cost::minimum)
    log::warn("HASH_COST=minimum: password hashes are weak; this setting is for tests only");
  // Declared before the workers so that it outlives them: a worker's loop only finishes once the
  // hasher has answered every job it accepted from that loop.
  password_hasher hasher(
      static_cast<std::size_t>(cfg.hash_threads), static_cast<std::size_t>(cfg.hash_queue),
      cfg.hash_cost == password_cost::minimum ? password_hasher::minimum() : password_hasher::interactive());
  login_throttle throttle({static_cast<std::size_t>(cfg.login_account_failures),
                           static_cast<std::size_t>(cfg.login_address_failures), cfg.login_throttle_window});
  registration_throttle registrations(static_cast<std::size_t>(cfg.register_address_limit), cfg.register_window);
  net::connection_limit connections(static_cast<std::size_t>(cfg.max_connections));
  metrics_sources metrics{{}, connections, hasher};
  std::list<worker> workers;
  try {
    for (std::size_t i = 0; i < loops; ++i) {
      auto& w = workers.emplace_back(cfg, cursors, hasher, throttle, registrations, connections, metrics, loops);
      metrics.loops.push_back({w.context.get_executor(), w.requests, w.server.gate(), w.pool, w.replicas});
      w.pool.start();
      w.replicas.start();
      w.server.start();
    }
  } catch (const std::exception& e) {
    log::error("cannot listen", {{"host", cfg.host}, {"port", std::to_string(cfg.port)}, {"error", e.what()}});
    return 1;
  }

  auto& first = workers.front();
  asio::steady_timer shedding_report(first.context);
  asio::co_spawn(first.context, report_shedding(workers, connections, shedding_report, std::chrono::seconds(10)),
                 asio::detached);
  asio::signal_set signals(first.context, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    log::info("shutting down", {{"grace_ms", std::to_string(cfg.shutdown_grace.count())}});
    shedding_report.cancel();
    for (auto& w : workers) asio::co_spawn(w.context, w.stop(), asio::detached);
  });
  log::info("listening", {{"host", cfg.host},
                          {"port", std::to_string(first.server.local_endpoint().port())},
                          {"loops", std::to_string(loops)}});

  std::vector<std::thread> threads;
  for (auto it = std::next(workers.begin()); it != workers.end(); ++it)
    threads.emplace_back([&context = it->context] { context.run(); });
  first.context.run();
  for (auto& t : threads) t.join();
  log::info("stopped");
  return 0;
}

}  // namespace folio::app
