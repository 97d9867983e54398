#pragma once
// An owned PGresult with read accessors. Results of failed statements never reach callers:
// the connection turns them into db_error first.
#include <libpq-fe.h>

#include <memory>
#include <string_view>

namespace folio::db {

class result {
 public:
  result() = default;
  explicit result(PGresult* native) : native_(native) {}

  int rows() const noexcept { return native_ ? PQntuples(native_.get()) : 0; }
  int columns() const noexcept { return native_ ? PQnfields(native_.get()) : 0; }
  bool is_null(int row, int column) const noexcept { return PQgetisnull(native_.get(), row, column); }
  std::string_view value(int row, int column) const noexcept {
    return {PQgetvalue(native_.get(), row, column), static_cast<std::size_t>(PQgetlength(native_.get(), row, column))};
  }
  // -1 when the result has no such column.
  int column_index(const char* name) const noexcept { return PQfnumber(native_.get(), name); }
  std::string_view column_name(int column) const noexcept { return PQfname(native_.get(), column); }
  Oid column_type(int column) const noexcept { return PQftype(native_.get(), column); }
  // Rows touched by INSERT/UPDATE/DELETE.
  long affected_rows() const noexcept;
  PGresult* native() const noexcept { return native_.get(); }
  explicit operator bool() const noexcept { return native_ != nullptr; }

 private:
  struct clear {
    void operator()(PGresult* r) const noexcept { PQclear(r); }
  };
  std::unique_ptr<PGresult, clear> native_;
};

}  // namespace folio::db
