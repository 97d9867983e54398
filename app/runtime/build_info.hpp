#pragma once
// What this binary is: the project's version (CMakeLists.txt) and the commit it was built from
// (`git describe --always --dirty`, or "unknown" outside a git checkout); generated at build time.
#include <string_view>

namespace folio::app {

std::string_view folio_version();
std::string_view folio_commit();

}  // namespace folio::app
