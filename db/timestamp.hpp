#pragma once
// Conversion of PostgreSQL timestamptz text to the RFC 3339 form the API returns.
#include <optional>
#include <string>
#include <string_view>

namespace folio::db {

// Accepts exactly what PostgreSQL prints for a timestamptz with TimeZone UTC and DateStyle ISO
// ("2026-11-25 10:00:00+00", with 0 to 6 fraction digits) and returns it with milliseconds,
// truncated: "2026-11-25T10:00:00.000Z". nullopt for anything else: other offsets, BC dates,
// five-digit years, infinity, invalid dates or garbage.
std::optional<std::string> pg_timestamptz_to_rfc3339(std::string_view pg_text);

}  // namespace folio::db
