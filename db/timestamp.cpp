#include "db/timestamp.hpp"

#include <algorithm>
#include <chrono>

namespace folio::db {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The decimal number in text[pos, pos + width); the caller has checked that those are digits.
int number_at(std::string_view text, std::size_t pos, std::size_t width) {
  int value = 0;
  for (char c : text.substr(pos, width)) value = value * 10 + (c - '0');
  return value;
}

// "YYYY-MM-DD HH:MM:SS" with every field in range, including the day for its month and year.
bool is_date_time(std::string_view text) {
  constexpr std::string_view shape = "0000-00-00 00:00:00";
  if (text.size() != shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == '0' ? !is_digit(text[i]) : text[i] != shape[i]) return false;
  }
  using namespace std::chrono;
  year_month_day date{year(number_at(text, 0, 4)), month(number_at(text, 5, 2)), day(number_at(text, 8, 2))};
  // PostgreSQL never prints year 0 (1 BC is "0001 ... BC") nor a leap second.
  return date.ok() && date.year() != year(0) && number_at(text, 11, 2) <= 23 && number_at(text, 14, 2) <= 59 &&
         number_at(text, 17, 2) <= 59;
}

}  // namespace

std::optional<timestamp> parse_timestamptz(std::string_view pg_text) {
  constexpr std::size_t date_time_length = 19;  // "YYYY-MM-DD HH:MM:SS"
  constexpr std::string_view utc_suffix = "+00";
  if (!pg_text.ends_with(utc_suffix)) return std::nullopt;
  auto body = pg_text.substr(0, pg_text.size() - utc_suffix.size());
  if (!is_date_time(body.substr(0, date_time_length))) return std::nullopt;

  // PostgreSQL drops trailing zeros of the fraction, and the dot too when it is all zeros.
  auto fraction = body.substr(std::min(body.size(), date_time_length));
  int micros = 0;
  if (!fraction.empty()) {
    if (!fraction.starts_with('.')) return std::nullopt;
    fraction.remove_prefix(1);
    if (fraction.empty() || fraction.size() > 6 || !std::all_of(fraction.begin(), fraction.end(), is_digit)) {
      return std::nullopt;
    }
    micros = number_at(fraction, 0, fraction.size());
    for (auto digits = fraction.size(); digits < 6; ++digits) micros *= 10;
  }
  using namespace std::chrono;
  const sys_days date{year(number_at(body, 0, 4)) / month(number_at(body, 5, 2)) / day(number_at(body, 8, 2))};
  return date + hours(number_at(body, 11, 2)) + minutes(number_at(body, 14, 2)) + seconds(number_at(body, 17, 2)) +
         microseconds(micros);
}

}  // namespace folio::db
