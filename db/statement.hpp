#pragma once
// Named statements. Every query folio runs is a constant of this type, prepared once per
// connection under its name, which the start-up check also reports. `check_columns` compares the
// prepared statement's result columns with the row struct it is read into; the pool runs it at
// start-up so that a schema mismatch fails at boot, not at 3 a.m.
#include <string>
#include <string_view>

#include "db/result.hpp"

namespace folio::db {

// Returns an empty string when the described columns fit, otherwise what is wrong.
using column_check = std::string (*)(const result& description);

struct statement {
  std::string_view name;
  std::string_view sql;
  column_check check_columns = nullptr;  // nullptr: the statement returns no rows
};

}  // namespace folio::db
