#include "app/web/etag.hpp"

#include <sodium.h>

namespace folio::app {

std::string strong_etag(std::string_view representation) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(representation.data()),
                     representation.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return "\"" + std::string(hex) + "\"";
}

namespace {

// Whether the comma-separated list of entity tags `header` holds `current` (or is *). Under the
// weak comparison a W/ tag matches its strong twin; under the strong one it never matches.
bool lists_tag(std::string_view header, std::string_view current, bool weak) {
  while (!header.empty()) {
    auto comma = header.find(',');
    auto tag = header.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (weak && tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == current) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

// If-Match uses the strong comparison.
bool if_match_satisfied(const net::request& req, std::string_view current) {
  auto header = req.message[net::http::field::if_match];
  return header.empty() || lists_tag(header, current, false);
}

// If-None-Match uses the weak comparison.
bool if_none_match_hit(const net::request& req, std::string_view current) {
  auto header = req.message[net::http::field::if_none_match];
  return !header.empty() && lists_tag(header, current, true);
}

}  // namespace folio::app
