#pragma once
// The `folio` subcommands; each returns the process exit code.
#include <string_view>

#include "app/config.hpp"

namespace folio::app {

int serve(const config& cfg);
int migrate(const config& cfg, bool status_only);
int promote_user(const config& cfg, std::string_view username);

}  // namespace folio::app
