// `folio db backup FILE` and `folio db restore FILE [--clean]`: PostgreSQL's pg_dump and
// pg_restore with folio's connection settings, passed through their environment so that no
// password appears on a command line.
#include <boost/describe.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/cli/client_tool.hpp"
#include "app/cli/commands.hpp"
#include "app/cli/run_sync.hpp"
#include "app/runtime/database.hpp"
#include "db/conninfo.hpp"
#include "db/row.hpp"

namespace folio::app {
namespace {

namespace fs = std::filesystem;

// Objects outside PostgreSQL's own schemas: anything at all means the database is in use.
constexpr std::string_view user_objects_sql = R"(
SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%')";

struct count_row {
  std::int64_t count;
};
BOOST_DESCRIBE_STRUCT(count_row, (), (count))

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::int64_t user_objects(const config& cfg) {
  return run_sync<std::int64_t>([&](boost::asio::any_io_executor) -> boost::asio::awaitable<std::int64_t> {
    auto conn = co_await open_admin_connection(cfg);
    auto row = db::one<count_row>(co_await conn->execute_sql(user_objects_sql));
    conn->close("done");
    co_return row.count;
  });
}

int backup(const config& cfg, const std::string& file) {
  const auto started = std::chrono::steady_clock::now();
  const auto environment = db::conninfo_environment(direct_database_url(cfg));
  std::cerr << "backing up database " << environment.at("PGDATABASE") << " to " << file << "\n";
  const int status = run_client_tool({"pg_dump", "--format=custom", "--verbose", "--file=" + file}, environment);
  if (status != 0) {
    std::cerr << "folio db backup: pg_dump failed (exit " << status << ")\n";
    return 1;
  }
  std::cout << "backed up to " << file << ": " << fs::file_size(file) << " bytes in " << seconds_since(started)
            << " s\n";
  return 0;
}

int restore(const config& cfg, const std::string& file, bool clean) {
  if (!fs::exists(file)) {
    std::cerr << "folio db restore: no such file " << file << "\n";
    return 1;
  }
  if (!clean && user_objects(cfg) > 0) {
    std::cerr << "folio db restore: the database is not empty; restore into an empty one, or pass --clean to "
                 "replace what the backup holds\n";
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  const auto environment = db::conninfo_environment(direct_database_url(cfg));
  std::vector<std::string> argv{"pg_restore",           "--verbose",
                                "--no-owner",           "--exit-on-error",
                                "--single-transaction", "--dbname=" + environment.at("PGDATABASE")};
  if (clean) argv.insert(argv.end(), {"--clean", "--if-exists"});
  argv.push_back(file);
  std::cerr << "restoring " << file << " (" << fs::file_size(file) << " bytes) into database "
            << environment.at("PGDATABASE") << "\n";
  const int status = run_client_tool(argv, environment);
  if (status != 0) {
    std::cerr << "folio db restore: pg_restore failed (exit " << status << "); nothing was restored\n";
    return 1;
  }
  std::cout << "restored " << file << " in " << seconds_since(started) << " s\n";
  return 0;
}

}  // namespace

int backup_database(const config& cfg, const std::vector<std::string>& args) {
  if (args.size() != 1 || args[0].starts_with("-"))
    return usage_problem("db backup", args.empty() ? "FILE is required" : "unexpected argument " + args.back());
  return reporting_failures("db backup", [&] { return backup(cfg, args[0]); });
}

int restore_database(const config& cfg, const std::vector<std::string>& args) {
  std::string file;
  bool clean = false;
  for (const auto& arg : args) {
    if (arg == "--clean")
      clean = true;
    else if (!arg.starts_with("-") && file.empty())
      file = arg;
    else
      return usage_problem("db restore", arg.starts_with("-") ? "unknown option " + arg : "unexpected argument " + arg);
  }
  if (file.empty()) return usage_problem("db restore", "FILE is required");
  return reporting_failures("db restore", [&] { return restore(cfg, file, clean); });
}

}  // namespace folio::app
