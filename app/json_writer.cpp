#include "app/json_writer.hpp"

#include <charconv>

namespace folio::app {

void write_json(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += hex[(c >> 4) & 0xF];
          out += hex[c & 0xF];
        } else {
          out += c;  // UTF-8 was validated on the way in
        }
    }
  }
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
