#include "db/lsn.hpp"

#include <charconv>

namespace folio::db {
namespace {

std::optional<std::uint32_t> parse_half(std::string_view hex) {
  if (hex.empty() || hex.size() > 8) return std::nullopt;
  std::uint32_t value = 0;
  const char* end = hex.data() + hex.size();
  auto [stop, ec] = std::from_chars(hex.data(), end, value, 16);
  if (ec != std::errc{} || stop != end) return std::nullopt;
  return value;
}

}  // namespace

std::optional<lsn> parse_lsn(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  // from_chars would take a sign: only hex digits are pg_lsn.
  if (text.find_first_not_of("0123456789abcdefABCDEF/") != std::string_view::npos) return std::nullopt;
  auto high = parse_half(text.substr(0, slash));
  auto low = parse_half(text.substr(slash + 1));
  if (!high || !low) return std::nullopt;
  return lsn{(std::uint64_t{*high} << 32) | *low};
}

std::string format_lsn(lsn position) {
  char text[18];
  auto high = std::to_chars(text, text + sizeof text, static_cast<std::uint32_t>(position.value >> 32), 16);
  *high.ptr = '/';
  auto low = std::to_chars(high.ptr + 1, text + sizeof text, static_cast<std::uint32_t>(position.value), 16);
  std::string formatted(text, low.ptr);
  for (auto& c : formatted) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
  return formatted;
}

}  // namespace folio::db
