// folio: `folio [serve]`, `folio db …`, `folio users promote USERNAME`, `folio --help`; the
// commands and their usage are in app/cli/command_line.cpp.
#include <string>
#include <vector>

#include "app/cli/command_line.hpp"

int main(int argc, char** argv) { return folio::app::run_command_line({argv + 1, argv + argc}); }
