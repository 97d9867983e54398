#include "app/runtime/database.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/runtime/log.hpp"
#include "db/error.hpp"

namespace folio::app {

db::connection_settings connection_settings_from(const config& cfg, bool pipeline) {
  db::connection_settings s;
  s.conninfo = cfg.database_url;
  s.connect_timeout = cfg.db_connect_timeout;
  s.statement_timeout = cfg.db_statement_timeout;
  // A statement may run for up to statement_timeout with nothing coming back: a shorter call
  // deadline would declare healthy connections dead.
  s.call_timeout = std::max(cfg.db_call_timeout, cfg.db_statement_timeout + std::chrono::milliseconds(500));
  s.pipeline = pipeline;
  return s;
}

db::pool_settings pool_settings_from(const config& cfg, std::size_t pool_size) {
  db::pool_settings s;
  s.connection = connection_settings_from(cfg, true);
  s.size = pool_size;
  s.max_pipeline = static_cast<std::size_t>(cfg.db_max_pipeline);
  s.max_waiters = static_cast<std::size_t>(cfg.db_max_waiters);
  s.acquire_timeout = cfg.db_acquire_timeout;
  s.on_connect_failure = [](std::string_view message) {
    log::warn("database connection failed; retrying with backoff", {{"error", message}});
  };
  return s;
}

std::vector<db::migration> configured_migrations(const config& cfg) {
  return cfg.migrations_dir.empty() ? db::parse_migrations(db::embedded_migrations())
                                    : db::read_migrations_directory(cfg.migrations_dir);
}

boost::asio::awaitable<std::shared_ptr<db::connection>> open_admin_connection(const config& cfg) {
  auto executor = co_await boost::asio::this_coro::executor;
  auto settings = connection_settings_from(cfg, false);
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
