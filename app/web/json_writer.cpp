#include "app/web/json_writer.hpp"

#include <charconv>

namespace folio::app {

namespace {

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

void write_json(std::string& out, const db::timestamp& time) { write_json(out, std::string_view(time.text)); }

}  // namespace folio::app
