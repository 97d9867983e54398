#pragma once
// Runs one of PostgreSQL's client programs (pg_dump, pg_restore) with extra environment
// variables, its output going to folio's, and waits for it.
#include <map>
#include <string>
#include <vector>

namespace folio::app {

// Returns the program's exit status (128 + signal when a signal ended it); throws when it cannot start.
int run_client_tool(const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment);

}  // namespace folio::app
