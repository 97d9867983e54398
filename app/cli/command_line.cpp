#include "app/cli/command_line.hpp"

#include <algorithm>
#include <iostream>
#include <span>
#include <variant>

#include "app/cli/commands.hpp"
#include "app/cli/routes.hpp"
#include "app/runtime/build_info.hpp"
#include "app/runtime/config.hpp"
#include "app/runtime/dotenv.hpp"
#include "app/runtime/log.hpp"

namespace folio::app {
namespace {

constexpr int usage_exit = 2;

using handler = int (*)(const config&, const std::vector<std::string>&);

struct command {
  std::string_view name;
  std::string_view synopsis;  // what follows the command's name
  std::string_view summary;
  std::string_view details;  // options and notes for `--help`; may be empty
  handler run;
};

int serve_command(const config& cfg, const std::vector<std::string>& args) {
  return args.empty() ? serve(cfg) : usage_problem("serve", "unexpected argument " + args[0]);
}

int migrate_command(const config& cfg, const std::vector<std::string>& args) {
  if (args.empty()) return migrate(cfg, false);
  if (args.size() == 1 && args[0] == "--status") return migrate(cfg, true);
  return usage_problem("migrate", "unknown option " + args[0]);
}

int status_command(const config& cfg, const std::vector<std::string>& args) {
  return args.empty() ? migrate(cfg, true) : usage_problem("db status", "unexpected argument " + args[0]);
}

int users_command(const config& cfg, const std::vector<std::string>& args) {
  if (args.size() == 2 && args[0] == "promote") return promote_user(cfg, args[1]);
  return usage_problem("users", "expected: promote USERNAME");
}

constexpr std::string_view seed_details =
    "Options (each takes a non-negative integer):\n"
    "  --seed N        random seed (1): same seed and sizes, same data\n"
    "  --users N       users (1000)\n"
    "  --contents N    contents (1000)\n"
    "  --chapters N    chapters per content (10)\n"
    "  --comments N    comments per chapter (5)\n"
    "  --likes N       average likes per published content (20)\n"
    "  --follows N     average followers per published content (10)\n"
    "  --min-body B    shortest chapter body in bytes (1000)\n"
    "  --max-body B    longest chapter body in bytes (20000)\n"
    "  --append        add to a database that already has data\n";

const std::vector<command> db_commands{
    {"migrate", "", "apply pending migrations", "", migrate_command},
    {"status", "", "list migrations as applied (with the time) or pending", "", status_command},
    {"seed", "[options]", "fill the database with deterministic sample data", seed_details, seed_database},
    {"generate", "NAME [options]", "write schema/migrations/NNNN_NAME.sql from schema.sql minus the migrations",
     "Builds the migrations and schema.sql in two scratch databases of the configured server\n"
     "(dropped afterwards) and writes the DDL between their catalogs.\n"
     "Options:\n"
     "  --schema FILE         the desired schema (schema/schema.sql)\n"
     "  --migrations DIR      the migrations so far, and where the new one goes (schema/migrations)\n"
     "  --allow-destructive   write drops and narrowing type changes as statements, not comments\n",
     generate_migration},
    {"check", "[options]", "fail, listing the differences, unless the migrations produce schema.sql",
     "Options:\n"
     "  --schema FILE       the desired schema (schema/schema.sql)\n"
     "  --migrations DIR    the migrations to check (MIGRATIONS_DIR, else those built into folio)\n",
     check_schema},
    {"backup", "FILE", "write a pg_dump --format=custom backup of DATABASE_URL to FILE",
     "Runs pg_dump (from PATH) with DATABASE_URL's settings passed in its environment.\n", backup_database},
    {"restore", "FILE [--clean]", "restore a backup into DATABASE_URL's database, which must be empty",
     "Runs pg_restore (from PATH) in one transaction with DATABASE_URL's settings in its environment.\n"
     "Options:\n"
     "  --clean   restore into a database that is not empty, dropping what the backup replaces\n",
     restore_database},
};

const std::vector<command> top_commands{
    {"serve", "", "migrate, then serve HTTP until SIGINT/SIGTERM (the default)", "", serve_command},
    {"db", "COMMAND ...", "the database: migrate, status, seed, generate, check, backup, restore", "", nullptr},
    {"migrate", "[--status]", "same as 'folio db migrate' ('folio db status' with --status)", "", migrate_command},
    {"seed", "[options]", "same as 'folio db seed'", seed_details, seed_database},
    {"users", "promote USERNAME", "give the user USERNAME the admin role", "", users_command},
    {"healthcheck", "[PATH]", "exit 0 when the server at HOST:PORT answers GET PATH (/healthz) with 200",
     "For container health checks: the image has no HTTP client but folio. A server listening on\n"
     "0.0.0.0 or :: is asked on the loopback address; no answer within 5 s is a failure.\n",
     healthcheck},
};

std::string listing(std::string_view prefix, const std::vector<command>& commands) {
  std::string out = "Commands:\n";
  for (const auto& c : commands) {
    auto head = std::string(prefix) + std::string(c.name) + (c.synopsis.empty() ? "" : " " + std::string(c.synopsis));
    out += "  " + head + std::string(head.size() < 34 ? 34 - head.size() : 1, ' ') + std::string(c.summary) + "\n";
  }
  return out;
}

bool asks_help(std::span<const std::string> args) {
  return std::any_of(args.begin(), args.end(), [](auto& a) { return a == "--help" || a == "-h"; });
}

const command* find(const std::vector<command>& commands, const std::string& name) {
  auto found = std::find_if(commands.begin(), commands.end(), [&](auto& c) { return c.name == name; });
  return found == commands.end() ? nullptr : &*found;
}

int unknown(std::string_view prefix, const std::vector<command>& commands, const std::string& name) {
  std::cerr << "folio: unknown command: " << prefix << name << "\n"
            << listing("folio " + std::string(prefix), commands);
  return usage_exit;
}

// Loads .env and the environment; nullopt (after saying why) when a setting is bad.
std::optional<config> load_settings() {
  if (auto error = load_dotenv_file(".env")) {
    std::cerr << "folio: .env:" << error->line << ": " << error->message << "\n";
    return std::nullopt;
  }
  auto loaded = load_config(process_environment());
  if (auto* errors = std::get_if<config_error>(&loaded)) {
    for (const auto& message : errors->messages) std::cerr << "folio: " << message << "\n";
    return std::nullopt;
  }
  log::set_level(std::get<config>(loaded).log_level);
  log::set_format(std::get<config>(loaded).log_format);
  return std::get<config>(loaded);
}

int run(std::string_view path, const command& c, const std::vector<std::string>& args) {
  if (asks_help(args)) {
    std::cout << "Usage: folio " << path << (c.synopsis.empty() ? "" : " " + std::string(c.synopsis)) << "\n"
              << c.summary << "\n"
              << (c.details.empty() ? "" : "\n" + std::string(c.details));
    return 0;
  }
  auto cfg = load_settings();
  return cfg ? c.run(*cfg, args) : usage_exit;
}

int run_db(const std::vector<std::string>& args) {
  const auto usage =
      "Usage: folio db COMMAND [options]   ('folio db COMMAND --help' for one)\n\n" + listing("folio db ", db_commands);
  if (args.empty()) {
    std::cerr << "folio db: a command is required\n" << usage;
    return usage_exit;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << usage;
    return 0;
  }
  const auto* c = find(db_commands, args[0]);
  if (!c) return unknown("db ", db_commands, args[0]);
  return run("db " + args[0], *c, {args.begin() + 1, args.end()});
}

int print_api_description(const std::vector<std::string>& args) {
  if (asks_help(args)) {
    std::cout << "Usage: folio openapi\nprint the OpenAPI 3.1 description of the HTTP API (GET /openapi.json)\n";
    return 0;
  }
  if (!args.empty()) return usage_problem("openapi", "unexpected argument " + args[0]);
  std::cout << api_description() << "\n";
  return 0;
}

}  // namespace

int usage_problem(std::string_view command, const std::string& problem) {
  std::cerr << "folio " << command << ": " << problem << "\nRun 'folio " << command << " --help' for its usage.\n";
  return usage_exit;
}

int reporting_failures(std::string_view command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << "folio " << command << ": " << e.what() << "\n";
    return 1;
  }
}

int run_command_line(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    std::cout << "Usage: folio [COMMAND] [options]   ('folio COMMAND --help' for one)\n\n"
              << listing("folio ", top_commands)
              << "  folio --version                   print the version and the commit built from\n"
              << "  folio openapi                     print the OpenAPI 3.1 description of the HTTP API\n"
              << "  folio --help                      print this text\n\n"
              << config_help();
    return 0;
  }
  if (!args.empty() && args[0] == "--version") {
    std::cout << "folio " << folio_version() << " (commit " << folio_commit() << ")\n";
    return 0;
  }
  // Needs no configuration: the description is the binary's own.
  if (!args.empty() && args[0] == "openapi") return print_api_description({args.begin() + 1, args.end()});
  // Hidden, for scripts/bench: needs no configuration.
  if (!args.empty() && args[0] == "sql") return print_statement_sql({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "db") return run_db({args.begin() + 1, args.end()});
  const std::string name = args.empty() ? "serve" : args[0];
  const auto* c = find(top_commands, name);
  if (!c) return unknown("", top_commands, name);
  return run(name, *c, args.empty() ? args : std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace folio::app
