#include "app/runtime/database.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/runtime/log.hpp"
#include "db/conninfo.hpp"
#include "db/error.hpp"

namespace folio::app {
namespace {

db::sync_sharing shared_syncs_of(shared_sync_mode mode) {
  switch (mode) {
    case shared_sync_mode::reads: return db::sync_sharing::reads;
    case shared_sync_mode::on: return db::sync_sharing::all;
    case shared_sync_mode::off: break;
  }
  return db::sync_sharing::none;
}

}  // namespace

db::connection_settings connection_settings_from(const config& cfg, connection_use use) {
  const bool pooled = use == connection_use::pooled;
  db::connection_settings s;
  s.conninfo = pooled ? cfg.database_url : direct_database_url(cfg);
  s.transaction_pooler = pooled && cfg.db_pooler == db_pooler_mode::transaction;
  s.shared_syncs = pooled ? shared_syncs_of(cfg.db_shared_sync) : db::sync_sharing::none;
  s.connect_timeout = cfg.db_connect_timeout;
  s.statement_timeout = cfg.db_statement_timeout;
  // A statement may run for up to statement_timeout with nothing coming back: a shorter call
  // deadline would declare healthy connections dead.
  s.call_timeout = std::max(cfg.db_call_timeout, cfg.db_statement_timeout + std::chrono::milliseconds(500));
  s.pipeline = pooled;
  return s;
}

db::pool_settings pool_settings_from(const config& cfg, std::size_t pool_size) {
  db::pool_settings s;
  s.connection = connection_settings_from(cfg, connection_use::pooled);
  s.size = pool_size;
  // A transaction pooler hands the server connection back at each ReadyForQuery, and PgBouncer
  // 1.18 does not follow several Syncs in flight on one client connection (pgbouncer#759):
  // behind it, one statement at a time per connection, and more connections instead.
  s.max_pipeline = cfg.db_pooler == db_pooler_mode::transaction ? 1 : static_cast<std::size_t>(cfg.db_max_pipeline);
  s.max_waiters = static_cast<std::size_t>(cfg.db_max_waiters);
  s.acquire_timeout = cfg.db_acquire_timeout;
  s.on_connect_failure = [](std::string_view message) {
    log::warn("database connection failed; retrying with backoff", {{"error", message}});
  };
  return s;
}

db::pool_settings check_pool_settings(const config& cfg) {
  auto s = pool_settings_from(cfg, 1);
  s.connection = connection_settings_from(cfg, connection_use::admin);
  s.connection.pipeline = true;
  return s;
}

db::replica_set_settings replica_settings_from(const config& cfg, std::size_t pool_size) {
  db::replica_set_settings s;
  s.max_lag = cfg.db_replica_max_lag;
  for (const auto& url : cfg.database_replica_urls) {
    auto pool = pool_settings_from(cfg, pool_size);
    pool.connection.conninfo = url;
    pool.connection.transaction_pooler = false;
    pool.max_pipeline = static_cast<std::size_t>(cfg.db_max_pipeline);
    auto name = db::conninfo_server(url);
    pool.on_connect_failure = [name](std::string_view message) {
      log::warn("replica connection failed; retrying with backoff", {{"replica", name}, {"error", message}});
    };
    s.replicas.push_back({std::move(name), std::move(pool)});
  }
  return s;
}

std::vector<db::migration> configured_migrations(const config& cfg) {
  return cfg.migrations_dir.empty() ? db::parse_migrations(db::embedded_migrations())
                                    : db::read_migrations_directory(cfg.migrations_dir);
}

boost::asio::awaitable<std::shared_ptr<db::connection>> open_admin_connection(const config& cfg) {
  auto executor = co_await boost::asio::this_coro::executor;
  auto settings = connection_settings_from(cfg, connection_use::admin);
  settings.statement_timeout = std::chrono::milliseconds(0);  // migrations and seeding may take long
  settings.call_timeout = std::chrono::milliseconds(0);
  // Nothing on an admin connection is ever cancelled, so PQcancel never runs on this loop.
  co_return co_await db::connection::open(executor, executor, settings);
}

boost::asio::awaitable<void> migrate_at_startup(const config& cfg, std::chrono::seconds patience) {
  const auto migrations = configured_migrations(cfg);
  const auto give_up = std::chrono::steady_clock::now() + patience;
  std::chrono::milliseconds delay{100};
  for (;;) {
    try {
      auto conn = co_await open_admin_connection(cfg);
      auto applied = co_await db::apply_migrations(*conn, migrations);
      conn->close("migrations done");
      for (const auto& name : applied) log::info("applied migration", {{"migration", name}});
      co_return;
    } catch (const db::db_error& e) {
      if (!e.is_transient() || std::chrono::steady_clock::now() + delay > give_up) throw;
      log::warn("database not reachable for migrations; retrying", {{"error", e.what()}});
    }
    boost::asio::steady_timer wait(co_await boost::asio::this_coro::executor, delay);
    co_await wait.async_wait(boost::asio::use_awaitable);
    delay = std::min(delay * 2, std::chrono::milliseconds(5000));
  }
}

}  // namespace folio::app
