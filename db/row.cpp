#include "db/row.hpp"

#include <charconv>

#include "db/timestamp.hpp"

namespace folio::db::detail {
namespace {

// Type OIDs from pg_type.h; stable across PostgreSQL versions.
constexpr Oid bool_oid = 16, name_oid = 19, int8_oid = 20, int2_oid = 21, int4_oid = 23, text_oid = 25,
              float4_oid = 700, float8_oid = 701, unknown_oid = 705, text_array_oid = 1009, varchar_array_oid = 1015,
              bpchar_oid = 1042, varchar_oid = 1043, timestamptz_oid = 1184, numeric_oid = 1700;

[[noreturn]] void throw_bad_value(std::string_view what, std::string_view text) {
  throw db_error(db_error::kind::protocol,
                 "cannot read " + std::string(what) + " from '" + std::string(text.substr(0, 64)) + "'");
}

template <class Integer>
void decode_integer(std::string_view text, Integer& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || end != text.data() + text.size()) throw_bad_value("an integer", text);
}

// One element of an array literal, quoted or not; `pos` is left after it.
std::string read_array_element(std::string_view text, std::size_t& pos) {
  std::string element;
  if (text[pos] == '"') {
    for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
      if (text[pos] == '\\' && pos + 1 < text.size()) ++pos;
      element += text[pos];
    }
    ++pos;  // closing quote
  } else {
    for (; pos < text.size() && text[pos] != ',' && text[pos] != '}'; ++pos) element += text[pos];
  }
  return element;
}

}  // namespace

void decode(std::string_view text, std::int64_t& out) { decode_integer(text, out); }
void decode(std::string_view text, std::int32_t& out) { decode_integer(text, out); }
void decode(std::string_view text, bool& out) {
  if (text != "t" && text != "f") throw_bad_value("a boolean", text);
  out = text == "t";
}
void decode(std::string_view text, double& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc{} || end != text.data() + text.size()) throw_bad_value("a number", text);
}
void decode(std::string_view text, std::string& out) { out.assign(text); }
void decode(std::string_view text, timestamp& out) {
  auto parsed = parse_timestamptz(text);
  if (!parsed) throw_bad_value("a UTC timestamp", text);
  out = *parsed;
}
void decode(std::string_view text, std::vector<std::string>& out) {
  // One-dimensional arrays only: {a,b,"c d"}. NULL elements are not used by folio's schema.
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') throw_bad_value("an array", text);
  out.clear();
  if (text.size() == 2) return;
  for (std::size_t pos = 1; pos < text.size();) {
    out.push_back(read_array_element(text, pos));
    if (pos >= text.size() || text[pos] == '}') break;
    ++pos;  // the comma
  }
}

bool accepts(Oid type, const std::int64_t*) { return type == int8_oid || type == int4_oid || type == int2_oid; }
bool accepts(Oid type, const std::int32_t*) { return type == int4_oid || type == int2_oid; }
bool accepts(Oid type, const bool*) { return type == bool_oid; }
bool accepts(Oid type, const double*) { return type == float8_oid || type == float4_oid || type == numeric_oid; }
bool accepts(Oid type, const std::string*) {
  return type == text_oid || type == varchar_oid || type == bpchar_oid || type == name_oid || type == unknown_oid;
}
bool accepts(Oid type, const timestamp*) { return type == timestamptz_oid; }
bool accepts(Oid type, const std::vector<std::string>*) { return type == text_array_oid || type == varchar_array_oid; }

void throw_null_column(std::string_view column) {
  throw db_error(db_error::kind::protocol, "column " + std::string(column) + " is NULL but its member is not optional");
}
void throw_missing_column(std::string_view column) {
  throw db_error(db_error::kind::protocol, "column " + std::string(column) + " is missing from the result");
}
void throw_row_count(int expected_at_most, int actual) {
  throw db_error(db_error::kind::protocol,
                 "expected at most " + std::to_string(expected_at_most) + " row(s), got " + std::to_string(actual));
}

std::string describe_mismatch(std::string_view column, std::string_view problem) {
  return "column " + std::string(column) + " " + std::string(problem) + "; ";
}

}  // namespace folio::db::detail
