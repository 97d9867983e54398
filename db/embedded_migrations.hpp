#pragma once
// The migrations compiled into the binary (generated from schema/migrations by CMake).
#include <string_view>
#include <vector>

namespace folio::db {

struct migration_source {
  std::string_view file_name;  // NNNN_name.sql
  std::string_view sql;
};

const std::vector<migration_source>& embedded_migrations();

}  // namespace folio::db
