#pragma once
// The command line of `folio`: which commands exist, their usage, and dispatch. Help and usage
// errors need no configuration; everything else loads it first.
#include <string>
#include <vector>

namespace folio::app {

// Returns the process exit code: 2 for an unknown command or option.
int run_command_line(const std::vector<std::string>& args);

}  // namespace folio::app
