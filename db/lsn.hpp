#pragma once
// A position in PostgreSQL's write-ahead log (pg_lsn), as the server writes it: two hexadecimal
// numbers, the high and low 32 bits, joined by a slash ("0/16B3748"). Replicas are compared with
// the primary, and reads with the writes they must see, by these positions.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace folio::db {

struct lsn {
  std::uint64_t value = 0;
  friend auto operator<=>(lsn, lsn) = default;
};

// nullopt unless `text` is exactly pg_lsn's output form (1–8 hex digits, '/', 1–8 hex digits).
std::optional<lsn> parse_lsn(std::string_view text);
std::string format_lsn(lsn position);

}  // namespace folio::db
