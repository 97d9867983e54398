#include "app/runtime/log_line.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace folio::app::log {
namespace {

std::string now_rfc3339() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];  // room for any int the compiler cannot rule out
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return text;
}

// Control characters as \n, \r, \t or \u00XX (JSON) / \xXX (logfmt), backslash and quote escaped.
void append_escaped(std::string& out, std::string_view value, log_format format) {
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, format == log_format::json ? "\\u%04x" : "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
}

// logfmt quotes a value only when it needs it: empty, or holding a space, '=', a quote or a control byte.
bool needs_quotes(std::string_view value) {
  if (value.empty()) return true;
  for (unsigned char c : value) {
    if (c <= 0x20 || c == '=' || c == '"' || c == '\\' || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

line::line(log_format format, log_level level, std::string_view message) : format_(format) {
  text_.reserve(256);
  if (format_ == log_format::json) text_ += '{';
  add("ts", now_rfc3339(), false);
  add("level", log_level_name(level), false);
  add("msg", message, false);
}

void line::add(const field& f) {
  if (!f.key.empty()) add(f.key, f.value, f.number);
}

void line::add(std::string_view key, std::string_view value, bool number) {
  const bool first = format_ == log_format::json ? text_.size() == 1 : text_.empty();
  if (format_ == log_format::json) {
    text_ += first ? "\"" : ",\"";
    append_escaped(text_, key, format_);
    text_ += "\":";
  } else {
    if (!first) text_ += ' ';
    append_escaped(text_, key, format_);
    text_ += '=';
  }
  const bool quoted = format_ == log_format::json ? !number : needs_quotes(value);
  if (quoted) text_ += '"';
  append_escaped(text_, value, format_);
  if (quoted) text_ += '"';
}

std::string line::finish() && {
  if (format_ == log_format::json) text_ += '}';
  text_ += '\n';
  return std::move(text_);
}

}  // namespace folio::app::log
