#pragma once
// timestamptz values as time points. How the API writes them (RFC 3339) is the JSON layer's
// business (app/web/json_writer.hpp).
#include <chrono>
#include <optional>
#include <string_view>

namespace folio::db {

// A timestamptz column: a UTC time point at PostgreSQL's resolution, the microsecond.
using timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// Accepts exactly what PostgreSQL prints for a timestamptz with TimeZone UTC and DateStyle ISO
// ("2026-11-25 10:00:00+00", with 0 to 6 fraction digits). nullopt for anything else: other
// offsets, BC dates, five-digit years, infinity, invalid dates or garbage.
std::optional<timestamp> parse_timestamptz(std::string_view pg_text);

}  // namespace folio::db
