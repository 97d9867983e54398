#pragma once
// The `folio` subcommands; each returns the process exit code.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/runtime/config.hpp"

namespace folio::app {

int serve(const config& cfg);
int migrate(const config& cfg, bool status_only);
int promote_user(const config& cfg, std::string_view username);
// `folio seed [--seed N] [--users N] [--contents N] [--chapters N] [--comments N] [--likes N]
// [--follows N] [--min-body BYTES] [--max-body BYTES] [--append]`
int seed_database(const config& cfg, const std::vector<std::string>& args);
// `folio db check [--schema FILE] [--migrations DIR]`
int check_schema(const config& cfg, const std::vector<std::string>& args);
// `folio db generate NAME [--schema FILE] [--migrations DIR] [--allow-destructive]`
int generate_migration(const config& cfg, const std::vector<std::string>& args);
// `folio db backup FILE` (pg_dump --format=custom)
int backup_database(const config& cfg, const std::vector<std::string>& args);
// `folio db restore FILE [--clean]` (pg_restore; refuses a non-empty database unless --clean)
int restore_database(const config& cfg, const std::vector<std::string>& args);
// `folio healthcheck [PATH]`: 0 when the configured server answers GET PATH (/healthz) with 200.
int healthcheck(const config& cfg, const std::vector<std::string>& args);
// Runs a command's body; an exception is reported as "folio COMMAND: what" with exit code 1.
int reporting_failures(std::string_view command, const std::function<int()>& body);
// Reports a bad command line (an unknown option, a missing value) and returns exit code 2.
int usage_problem(std::string_view command, const std::string& problem);
// `folio sql [NAME]` (hidden, for scripts/bench): the SQL text of a prepared statement, or every name.
int print_statement_sql(const std::vector<std::string>& args);

}  // namespace folio::app
