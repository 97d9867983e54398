#pragma once
// How app/ turns configuration into database settings, and the start-up migration step.
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <vector>

#include "app/runtime/config.hpp"
#include "db/connection.hpp"
#include "db/migrations.hpp"
#include "db/pool.hpp"
#include "db/replica_set.hpp"

namespace folio::app {

// Who a connection is for: the pool that serves requests (DATABASE_URL, through the pooler when
// DB_POOLER says so, pipelined), or migrations, checks and command-line tools (the primary itself,
// DATABASE_DIRECT_URL, one statement at a time with the simple query protocol available).
enum class connection_use { pooled, admin };

db::connection_settings connection_settings_from(const config& cfg, connection_use use);
db::pool_settings pool_settings_from(const config& cfg, std::size_t pool_size);
// The pool that checks every statement at start-up: on the primary itself, statements named.
db::pool_settings check_pool_settings(const config& cfg);
// DATABASE_REPLICA_URLS as one loop's replica set: `pool_size` connections to each replica.
db::replica_set_settings replica_settings_from(const config& cfg, std::size_t pool_size);
std::vector<db::migration> configured_migrations(const config& cfg);
// A connection without pipeline mode, for migrations and command-line tools.
boost::asio::awaitable<std::shared_ptr<db::connection>> open_admin_connection(const config& cfg);
// Applies pending migrations, retrying while the database is unreachable (up to `patience`).
boost::asio::awaitable<void> migrate_at_startup(const config& cfg, std::chrono::seconds patience);

}  // namespace folio::app
