// folio: `folio [serve]`, `folio migrate [--status]`, `folio users promote USERNAME`, `folio seed …`,
// `folio --help`.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/commands.hpp"
#include "app/runtime/config.hpp"
#include "app/runtime/dotenv.hpp"
#include "app/runtime/log.hpp"

namespace {

constexpr int usage_error = 2;

int usage(const std::string& problem) {
  std::cerr << "folio: " << problem << "\nRun 'folio --help' for the commands and settings.\n";
  return usage_error;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace folio::app;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    std::cout << config_help();
    return 0;
  }
  if (!args.empty() && args[0] == "sql") return print_statement_sql({args.begin() + 1, args.end()});
  if (auto error = load_dotenv_file(".env")) {
    std::cerr << "folio: .env:" << error->line << ": " << error->message << "\n";
    return usage_error;
  }
  auto loaded = load_config(process_environment());
  if (auto* errors = std::get_if<config_error>(&loaded)) {
    for (const auto& message : errors->messages) std::cerr << "folio: " << message << "\n";
    return usage_error;
  }
  const auto& cfg = std::get<config>(loaded);
  log::set_level(cfg.log_level);

  const std::string command = args.empty() ? "serve" : args[0];
  if (command == "serve" && args.size() <= 1) return serve(cfg);
  if (command == "migrate" && args.size() == 1) return migrate(cfg, false);
  if (command == "migrate" && args.size() == 2 && args[1] == "--status") return migrate(cfg, true);
  if (command == "users" && args.size() == 3 && args[1] == "promote") return promote_user(cfg, args[2]);
  if (command == "seed") return seed_database(cfg, {args.begin() + 1, args.end()});
  return usage("unknown command: " + command);
}
