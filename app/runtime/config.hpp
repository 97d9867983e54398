#pragma once
// Server configuration, read once at start-up from environment variables. Every variable is
// described in one table in config.cpp, which drives both parsing and the --help text.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/runtime/cidr_list.hpp"

namespace folio::app {

enum class log_level { debug, info, warn, error };
// How a log line is written: a JSON object, or logfmt text (key=value) for people reading a terminal.
enum class log_format { json, text };
// What DATABASE_URL leads to: PostgreSQL itself, or a pooler that lends a server connection for one
// transaction at a time (PgBouncer's pool_mode = transaction).
enum class db_pooler_mode { none, transaction };
// Which calls share a Sync (DB_SHARED_SYNC): none, read-only ones, or all.
enum class shared_sync_mode { off, reads, on };
// Argon2id cost of password hashes: libsodium's interactive level, or its minimum (tests only).
enum class password_cost { interactive, minimum };

// "debug", "info", "warn" or "error": the spelling LOG_LEVEL accepts.
std::string_view log_level_name(log_level level);

struct config {
  std::string database_url;         // required
  std::string database_direct_url;  // empty: database_url
  std::vector<std::string> database_replica_urls;
  db_pooler_mode db_pooler = db_pooler_mode::none;
  shared_sync_mode db_shared_sync = shared_sync_mode::reads;
  std::chrono::milliseconds db_replica_max_lag{5000};
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 1;
  int max_connections = 20000;
  int max_in_flight = 256;
  int max_queued = 16384;
  std::chrono::milliseconds queue_timeout{1000};
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds shutdown_grace{10000};
  int max_header_bytes = 16384;
  int max_body_bytes = 1048576;
  int db_pool_size = 4;
  int db_max_pipeline = 256;
  int db_max_waiters = 4096;
  std::chrono::milliseconds db_acquire_timeout{2000};
  std::chrono::milliseconds db_connect_timeout{5000};
  std::chrono::milliseconds db_statement_timeout{5000};
  std::chrono::milliseconds db_call_timeout{10000};
  folio::app::log_level log_level = folio::app::log_level::info;
  folio::app::log_format log_format = folio::app::log_format::json;
  std::string cursor_secret;  // empty: generate a random one at start-up
  int hash_threads = 2;
  int hash_queue = 64;
  folio::app::password_cost hash_cost = folio::app::password_cost::interactive;
  int login_account_failures = 5;
  int login_address_failures = 20;
  std::chrono::milliseconds login_throttle_window{900000};
  int register_address_limit = 10;
  std::chrono::milliseconds register_window{3600000};
  cidr_list trusted_proxies;   // empty: forwarding headers are never read
  std::string migrations_dir;  // empty: use the migrations embedded in the binary
};

// The connection string of the primary itself (migrations, start-up checks, admin commands).
inline const std::string& direct_database_url(const config& cfg) {
  return cfg.database_direct_url.empty() ? cfg.database_url : cfg.database_direct_url;
}

// DATABASE_REPLICA_URLS split into its URIs: commas separate entries only before a scheme, since
// one URI may list several hosts.
std::vector<std::string> split_connection_uris(std::string_view list);

struct config_error {
  std::vector<std::string> messages;  // one per bad variable, in table order
};

using env_lookup = std::function<std::optional<std::string>(std::string_view name)>;

// Reads every variable through lookup and reports all problems at once, so an operator fixes
// a broken deployment in one round. An empty value counts as unset.
std::variant<config, config_error> load_config(const env_lookup& lookup);

// Looks variables up in the process environment.
env_lookup process_environment();

// The --help text: commands, then one line per variable with its default and meaning.
std::string config_help();

}  // namespace folio::app
