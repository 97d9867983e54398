#include "db/error.hpp"

namespace folio::db {

db_error::db_error(kind k, std::string message, std::string sqlstate, std::string detail, std::string constraint)
    : std::runtime_error(std::move(message)),
      kind_(k),
      sqlstate_(std::move(sqlstate)),
      detail_(std::move(detail)),
      constraint_(std::move(constraint)) {}

bool db_error::is_transient() const noexcept {
  if (kind_ == kind::connection || kind_ == kind::unavailable) return true;
  // Class 08 (connection exception), 57P0x (admin/crash shutdown, cannot connect now),
  // 53xxx (insufficient resources) and statement timeouts all mean "try again later".
  return sqlstate_.starts_with("08") || sqlstate_.starts_with("57P") || sqlstate_.starts_with("53") ||
         is_query_canceled();
}

}  // namespace folio::db
