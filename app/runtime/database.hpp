#pragma once
// How app/ turns configuration into database settings, and the start-up migration step.
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <vector>

#include "app/runtime/config.hpp"
#include "db/connection.hpp"
#include "db/migrations.hpp"
#include "db/pool.hpp"

namespace folio::app {

db::connection_settings connection_settings_from(const config& cfg, bool pipeline);
db::pool_settings pool_settings_from(const config& cfg, std::size_t pool_size);
std::vector<db::migration> configured_migrations(const config& cfg);
// A connection without pipeline mode, for migrations and command-line tools.
boost::asio::awaitable<std::shared_ptr<db::connection>> open_admin_connection(const config& cfg);
// Applies pending migrations, retrying while the database is unreachable (up to `patience`).
boost::asio::awaitable<void> migrate_at_startup(const config& cfg, std::chrono::seconds patience);

}  // namespace folio::app
