// `folio sql [NAME]`: prints the SQL text of the prepared statement NAME exactly as the server
// prepares it (or, without NAME, the names of every statement). Hidden from `folio --help`: it
// exists so that scripts/bench can run the server's own SQL through pgbench as the ceiling.
// Needs neither configuration nor a database.
#include <iostream>

#include "app/cli/commands.hpp"
#include "app/cli/routes.hpp"

namespace folio::app {

int print_statement_sql(const std::vector<std::string>& args) {
  if (args.size() > 1) {
    std::cerr << "usage: folio sql [NAME]\n";
    return 2;
  }
  const auto statements = all_statements();
  if (args.empty()) {
    for (const auto* statement : statements) std::cout << statement->name << "\n";
    return 0;
  }
  for (const auto* statement : statements) {
    if (statement->name == args[0]) {
      std::cout << statement->sql << "\n";
      return 0;
    }
  }
  std::cerr << "folio: no statement is named " << args[0] << " (folio sql lists them)\n";
  return 1;
}

}  // namespace folio::app
