// `folio db check` and `folio db generate NAME`: build the migrations and schema/schema.sql in two
// scratch databases of the configured server and compare their catalogs.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/this_coro.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/commands.hpp"
#include "app/cli/run_sync.hpp"
#include "app/runtime/database.hpp"
#include "db/catalog.hpp"
#include "db/schema_diff.hpp"
#include "db/scratch_databases.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

constexpr int interrupted_exit = 130;

// The runner's own bookkeeping is not part of the schema.
const std::vector<std::string> ignored_tables{"schema_migrations"};

struct schema_options {
  std::string schema_file = "schema/schema.sql";
  std::string migrations_dir;  // empty: MIGRATIONS_DIR, else the embedded ones (check); schema/migrations (generate)
  bool allow_destructive = false;
  std::string name;  // generate only
};

// Reads the options both commands share; `generate` also takes NAME and --allow-destructive.
std::string parse_options(const std::vector<std::string>& args, bool generate, schema_options& opts) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--schema" || arg == "--migrations") {
      if (i + 1 == args.size()) return arg + " needs a value";
      (arg == "--schema" ? opts.schema_file : opts.migrations_dir) = args[++i];
    } else if (generate && arg == "--allow-destructive") {
      opts.allow_destructive = true;
    } else if (generate && !arg.starts_with("-") && opts.name.empty()) {
      opts.name = arg;
    } else {
      return arg.starts_with("-") ? "unknown option " + arg : "unexpected argument " + arg;
    }
  }
  if (!generate) return "";
  if (opts.name.empty()) return "NAME is required";
  if (opts.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
    return "NAME may hold only a-z, 0-9 and _";
  return "";
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

asio::awaitable<db::catalog> catalog_of(const db::connection_settings& settings, const std::string& sql,
                                        const std::vector<db::migration>* migrations) {
  auto executor = co_await asio::this_coro::executor;
  auto conn = co_await db::connection::open(executor, executor, settings);
  if (migrations)
    co_await db::apply_migrations(*conn, *migrations);
  else
    co_await conn->execute_script(sql);
  auto catalog = co_await db::read_catalog(*conn, ignored_tables);
  conn->close("done");
  co_return catalog;
}

asio::awaitable<std::vector<db::schema_change>> compare(db::scratch_databases& scratch,
                                                        const std::vector<db::migration>& migrations,
                                                        const std::string& schema_sql) {
  const auto built_settings = co_await scratch.create();
  const auto wanted_settings = co_await scratch.create();
  const auto built = co_await catalog_of(built_settings, {}, &migrations);
  const auto wanted = co_await catalog_of(wanted_settings, schema_sql, nullptr);
  co_return db::diff_catalogs(built, wanted);
}

// The comparison, with the scratch databases dropped whatever happens: on success, on failure,
// and on SIGINT/SIGTERM (dropping them ends the sessions the comparison waits on). nullopt:
// interrupted.
std::optional<std::vector<db::schema_change>> compare_in_scratch(const config& cfg,
                                                                 const std::vector<db::migration>& migrations,
                                                                 const std::string& schema_sql) {
  auto admin = connection_settings_from(cfg, connection_use::admin);
  admin.statement_timeout = std::chrono::milliseconds(0);
  admin.call_timeout = std::chrono::milliseconds(0);
  auto scratch = std::make_shared<db::scratch_databases>(admin);
  using outcome = std::optional<std::vector<db::schema_change>>;
  return run_sync<outcome>([&](asio::any_io_executor executor) -> asio::awaitable<outcome> {
    asio::signal_set signals(executor, SIGINT, SIGTERM);
    bool interrupted = false;
    auto drop_now = [scratch] { return scratch->drop_all(); };
    auto on_signal = [&, executor](boost::system::error_code ec, int) {
      if (ec) return;
      interrupted = true;
      asio::co_spawn(executor, drop_now, asio::detached);
    };
    signals.async_wait(on_signal);
    std::exception_ptr failure;
    std::vector<db::schema_change> changes;
    try {
      changes = co_await compare(*scratch, migrations, schema_sql);
    } catch (...) {
      failure = std::current_exception();
    }
    signals.cancel();
    co_await scratch->drop_all();
    if (interrupted) co_return std::nullopt;
    if (failure) std::rethrow_exception(failure);
    co_return changes;
  });
}

long next_version(const std::vector<db::migration>& migrations) {
  return migrations.empty() ? 1 : migrations.back().version + 1;
}

int run_check(const config& cfg, const schema_options& opts) {
  const auto migrations =
      opts.migrations_dir.empty() ? configured_migrations(cfg) : db::read_migrations_directory(opts.migrations_dir);
  const auto changes = compare_in_scratch(cfg, migrations, read_text(opts.schema_file));
  if (!changes) return interrupted_exit;
  if (changes->empty()) {
    std::cout << "the migrations produce " << opts.schema_file << " exactly\n";
    return 0;
  }
  std::cout << "the migrations differ from " << opts.schema_file << "; to get there they would need to:\n";
  for (const auto& c : *changes) std::cout << "  " << c.description << "\n";
  std::cout << "run 'folio db generate NAME' to write the migration, or fix " << opts.schema_file << "\n";
  return 1;
}

int run_generate(const config& cfg, schema_options opts) {
  if (opts.migrations_dir.empty()) opts.migrations_dir = "schema/migrations";
  const auto migrations = db::read_migrations_directory(opts.migrations_dir);
  const auto changes = compare_in_scratch(cfg, migrations, read_text(opts.schema_file));
  if (!changes) return interrupted_exit;
  if (changes->empty()) {
    std::cout << "nothing to generate: the migrations in " << opts.migrations_dir << " already produce "
              << opts.schema_file << "\n";
    return 0;
  }
  char number[24];
  std::snprintf(number, sizeof number, "%04ld", next_version(migrations));
  const auto path = fs::path(opts.migrations_dir) / (std::string(number) + "_" + opts.name + ".sql");
  std::ofstream(path, std::ios::binary) << db::render_migration(*changes, opts.allow_destructive);
  std::cout << "wrote " << path.string() << " (" << changes->size() << " steps); review it before committing\n";
  for (const auto& c : *changes) {
    if (c.destructive && !opts.allow_destructive)
      std::cout << "warning: " << c.description << " loses data; it is commented out\n";
  }
  return 0;
}

}  // namespace

int check_schema(const config& cfg, const std::vector<std::string>& args) {
  schema_options opts;
  if (auto problem = parse_options(args, false, opts); !problem.empty()) return usage_problem("db check", problem);
  return reporting_failures("db check", [&] { return run_check(cfg, opts); });
}

int generate_migration(const config& cfg, const std::vector<std::string>& args) {
  schema_options opts;
  if (auto problem = parse_options(args, true, opts); !problem.empty()) return usage_problem("db generate", problem);
  return reporting_failures("db generate", [&] { return run_generate(cfg, opts); });
}

}  // namespace folio::app
