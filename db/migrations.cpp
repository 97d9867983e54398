#include "db/migrations.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/describe.hpp>
#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "db/row.hpp"

namespace folio::db {
namespace {

// Any constant shared by every folio process; the number means nothing else.
constexpr std::int64_t advisory_lock_key = 8271649305;

struct applied_row {
  std::int64_t version;
  std::string name;
  std::string checksum;
  timestamp applied_at;
};
BOOST_DESCRIBE_STRUCT(applied_row, (), (version, name, checksum, applied_at))

constexpr std::string_view create_table_sql = R"(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version bigint PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))";

std::string sha256_hex(std::string_view text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

long parse_version(std::string_view file_name) {
  long version = 0;
  auto underscore = file_name.find('_');
  auto [end, ec] = std::from_chars(file_name.data(), file_name.data() + underscore, version);
  if (underscore == std::string_view::npos || ec != std::errc{} || end != file_name.data() + underscore ||
      version <= 0 || !file_name.ends_with(".sql"))
    throw migration_error("migration file name must look like 0001_name.sql: " + std::string(file_name));
  return version;
}

asio::awaitable<std::map<long, applied_row>> applied_migrations(connection& conn) {
  auto rows = all<applied_row>(
      co_await conn.execute_sql("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version"));
  std::map<long, applied_row> by_version;
  for (auto& row : rows) by_version.emplace(row.version, std::move(row));
  co_return by_version;
}

// The applied history must stay a prefix of the files: a file numbered below the newest applied one
// would run out of order (it was written against an older schema), and an applied version without a
// file means the history was rewritten. Gaps present when the files were applied stay valid.
void verify_order(const std::vector<migration>& migrations, const std::map<long, applied_row>& applied) {
  if (applied.empty()) return;
  const auto& newest = applied.rbegin()->second;
  for (const auto& m : migrations) {
    if (!applied.contains(m.version) && m.version < newest.version)
      throw migration_error("migration " + m.name + " is numbered below " + newest.name +
                            ", which is already applied; renumber it above every applied migration");
  }
  for (const auto& [version, row] : applied) {
    const bool present = std::any_of(migrations.begin(), migrations.end(),
                                     [version = version](const migration& m) { return m.version == version; });
    if (!present) throw migration_error("migration " + row.name + " was applied but its file is missing; restore it");
  }
}

void verify_checksums(const std::vector<migration>& migrations, const std::map<long, applied_row>& applied) {
  for (const auto& m : migrations) {
    auto found = applied.find(m.version);
    if (found != applied.end() && found->second.checksum != m.checksum)
      throw migration_error("migration " + m.name + " was changed after it was applied (checksum " +
                            found->second.checksum.substr(0, 12) + "… recorded, " + m.checksum.substr(0, 12) +
                            "… now); restore the file and add a new migration instead");
  }
}

asio::awaitable<void> apply_one(connection& conn, const migration& m) {
  co_await conn.execute_script("BEGIN");
  try {
    co_await conn.execute_script(m.sql);
    co_await conn.execute_sql("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                              make_params(static_cast<std::int64_t>(m.version), m.name, m.checksum));
    co_await conn.execute_script("COMMIT");
  } catch (const db_error& e) {
    conn.close("migration failed");
    throw migration_error("migration " + m.name + " failed: " + e.what());
  }
}

}  // namespace

std::vector<migration> parse_migrations(const std::vector<migration_source>& sources) {
  std::vector<migration> migrations;
  for (const auto& source : sources) {
    migrations.push_back({parse_version(source.file_name), std::string(source.file_name), std::string(source.sql),
                          sha256_hex(source.sql)});
  }
  std::sort(migrations.begin(), migrations.end(), [](auto& a, auto& b) { return a.version < b.version; });
  auto duplicate =
      std::adjacent_find(migrations.begin(), migrations.end(), [](auto& a, auto& b) { return a.version == b.version; });
  if (duplicate != migrations.end())
    throw migration_error("migrations " + duplicate->name + " and " + std::next(duplicate)->name + " share version " +
                          std::to_string(duplicate->version));
  return migrations;
}

std::vector<migration> read_migrations_directory(const std::string& directory) {
  std::vector<std::string> names, texts;
  for (const auto& file : std::filesystem::directory_iterator(directory)) {
    if (file.path().extension() != ".sql") continue;
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    names.push_back(file.path().filename().string());
    texts.push_back(text.str());
  }
  std::vector<migration_source> sources;
  for (std::size_t i = 0; i < names.size(); ++i) sources.push_back({names[i], texts[i]});
  return parse_migrations(sources);
}

asio::awaitable<std::vector<migration_status>> migration_statuses(connection& conn,
                                                                  const std::vector<migration>& migrations) {
  co_await conn.execute_script(create_table_sql);
  auto applied = co_await applied_migrations(conn);
  std::vector<migration_status> statuses;
  for (const auto& m : migrations) {
    auto found = applied.find(m.version);
    statuses.push_back(
        {m.version, m.name, found == applied.end() ? std::nullopt : std::optional(found->second.applied_at)});
  }
  co_return statuses;
}

asio::awaitable<std::vector<std::string>> apply_migrations(connection& conn, const std::vector<migration>& migrations) {
  // The lock comes first: two processes must not even race to create schema_migrations.
  co_await conn.execute_sql("SELECT pg_advisory_lock($1)", make_params(advisory_lock_key));
  co_await conn.execute_script(create_table_sql);
  auto applied = co_await applied_migrations(conn);
  verify_checksums(migrations, applied);
  verify_order(migrations, applied);
  std::vector<std::string> done;
  for (const auto& m : migrations) {
    if (applied.contains(m.version)) continue;
    co_await apply_one(conn, m);
    done.push_back(m.name);
  }
  co_await conn.execute_sql("SELECT pg_advisory_unlock($1)", make_params(advisory_lock_key));
  co_return done;
}

}  // namespace folio::db
