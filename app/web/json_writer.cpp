#include "app/web/json_writer.hpp"

#include <charconv>
#include <chrono>

namespace folio::app {

namespace {

// `value` as exactly `width` decimal digits at `at` (the caller's values fit).
void put_digits(char* at, int value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
}

bool needs_escape(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }

void write_escaped(std::string& out, char c) {
  static constexpr char hex[] = "0123456789abcdef";
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      out += "\\u00";
      out += hex[(c >> 4) & 0xF];
      out += hex[c & 0xF];
  }
}

}  // namespace

void write_json(std::string& out, std::string_view text) {
  // Runs of plain characters are copied whole: chapter bodies are tens of kilobytes of them.
  // UTF-8 passes through unchanged (it was validated on the way in).
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!needs_escape(text[i])) continue;
    out.append(text, run, i - run);
    write_escaped(out, text[i]);
    run = i + 1;
  }
  out.append(text, run, text.size() - run);
  out += '"';
}

void write_json(std::string& out, std::int64_t number) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  out.append(digits, end);
}

void write_json(std::string& out, bool value) { out += value ? "true" : "false"; }

void write_json(std::string& out, db::timestamp time) {
  out += '"';
  append_rfc3339(out, time);
  out += '"';
}

void append_rfc3339(std::string& out, db::timestamp time) {
  using namespace std::chrono;
  const auto day_start = floor<days>(time);
  const year_month_day date{day_start};
  const hh_mm_ss clock{floor<milliseconds>(time - day_start)};
  // Digits by hand, not snprintf: a page of contents writes sixty of these.
  char text[] = "YYYY-MM-DDTHH:MM:SS.mmmZ";
  put_digits(text, static_cast<int>(date.year()), 4);
  put_digits(text + 5, static_cast<int>(static_cast<unsigned>(date.month())), 2);
  put_digits(text + 8, static_cast<int>(static_cast<unsigned>(date.day())), 2);
  put_digits(text + 11, static_cast<int>(clock.hours().count()), 2);
  put_digits(text + 14, static_cast<int>(clock.minutes().count()), 2);
  put_digits(text + 17, static_cast<int>(clock.seconds().count()), 2);
  put_digits(text + 20, static_cast<int>(clock.subseconds().count()), 3);
  out.append(text, sizeof text - 1);
}

std::string format_rfc3339(db::timestamp time) {
  std::string text;
  append_rfc3339(text, time);
  return text;
}

}  // namespace folio::app
