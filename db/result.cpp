#include "db/result.hpp"

#include <charconv>
#include <cstring>

namespace folio::db {

long result::affected_rows() const noexcept {
  if (!native_) return 0;
  const char* text = PQcmdTuples(native_.get());
  long count = 0;
  std::from_chars(text, text + std::strlen(text), count);
  return count;
}

}  // namespace folio::db
