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

bool if_match_satisfied(const net::request& req, std::string_view current) {
  auto header = req.message[net::http::field::if_match];
  if (header.empty()) return true;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto tag = header.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    // Weak tags never match: If-Match uses the strong comparison.
    if (tag == "*" || tag == current) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace folio::app
