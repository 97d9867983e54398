#pragma once
// Numbered SQL migrations: each runs once, in its own transaction, recorded in schema_migrations
// with a checksum. An advisory lock serialises folio processes that start at the same moment.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "db/embedded_migrations.hpp"
#include "db/timestamp.hpp"

namespace folio::db {

// A migration set that cannot be applied: a bad file name, a duplicate version, or an applied
// migration whose file has changed since.
class migration_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct migration {
  long version;
  std::string name;  // the file name
  std::string sql;
  std::string checksum;  // SHA-256 of sql, hex
};

struct migration_status {
  long version;
  std::string name;
  std::optional<timestamp> applied_at;  // nullopt: pending
};

std::vector<migration> parse_migrations(const std::vector<migration_source>& sources);
// Reads every NNNN_name.sql of a directory (MIGRATIONS_DIR).
std::vector<migration> read_migrations_directory(const std::string& directory);

// `conn` must have been opened without pipeline mode.
asio::awaitable<std::vector<migration_status>> migration_statuses(connection& conn,
                                                                  const std::vector<migration>& migrations);
// Returns the names of the migrations it applied.
asio::awaitable<std::vector<std::string>> apply_migrations(connection& conn, const std::vector<migration>& migrations);

}  // namespace folio::db
