#include "app/web/client_address.hpp"

#include <algorithm>
#include <string>

namespace folio::app {
namespace {

namespace ip = boost::asio::ip;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// RFC 9110 tchar: the characters of a token.
bool is_tchar(char c) {
  return is_alpha(c) || is_digit(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// RFC 7239 node-port: 1 to 5 digits, or an obfuscated port ("_" then letters, digits, . _ -).
bool is_port(std::string_view s) {
  if (!s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), is_digit)) return true;
  return s.size() >= 2 && s.front() == '_' && std::all_of(s.begin() + 1, s.end(), [](char c) {
           return is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '-';
         });
}

std::optional<ip_address> v4_address(std::string_view text) {
  boost::system::error_code ec;
  const auto a = ip::make_address_v4(std::string(text), ec);
  if (ec) return std::nullopt;
  return ip_address(a);
}

// No scope ids: "fe80::1%eth0" names an interface of the proxy's, not a client.
std::optional<ip_address> v6_address(std::string_view text) {
  if (text.find('%') != std::string_view::npos) return std::nullopt;
  boost::system::error_code ec;
  const auto a = ip::make_address_v6(std::string(text), ec);
  if (ec) return std::nullopt;
  return unmapped(ip_address(a));
}

// Reads RFC 7239's grammar: elements separated by commas, pairs by semicolons, values as tokens
// or quoted strings. Empty elements and pairs are allowed, as HTTP's list rule asks of recipients.
class forwarded_reader {
 public:
  explicit forwarded_reader(std::string_view text) : text_(text) {}

  // The for= address of each element; nullopt when the header is malformed or an element has no
  // for= that is an IP address.
  std::optional<std::vector<ip_address>> hops() {
    std::vector<ip_address> found;
    for (;;) {
      skip_blanks();
      if (done()) break;
      if (take(',')) continue;
      auto hop = element();
      if (!hop) return std::nullopt;
      found.push_back(*hop);
    }
    if (found.empty()) return std::nullopt;
    return found;
  }

 private:
  // One element, up to the comma that ends it (not consumed) or the end.
  std::optional<ip_address> element() {
    std::optional<ip_address> hop;
    bool has_for = false;
    for (;;) {
      skip_blanks();
      if (done() || peek(',')) break;
      if (take(';')) continue;
      auto name = token();
      if (name.empty() || !take('=')) return std::nullopt;
      auto value = pair_value();
      if (!value) return std::nullopt;
      if (iequals(name, "for")) {
        if (has_for) return std::nullopt;  // two clients for one hop: nothing to believe
        has_for = true;
        hop = hop_address(*value);
        if (!hop) return std::nullopt;
      }
      skip_blanks();
      if (!done() && !peek(',') && !take(';')) return std::nullopt;
    }
    return hop;
  }

  std::string_view token() {
    const auto start = pos_;
    while (!done() && is_tchar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  std::optional<std::string> pair_value() {
    if (!take('"')) {
      auto t = token();
      if (t.empty()) return std::nullopt;
      return std::string(t);
    }
    std::string unquoted;
    while (!done()) {
      char c = text_[pos_++];
      if (c == '"') return unquoted;
      if (c == '\\') {
        if (done()) return std::nullopt;
        c = text_[pos_++];
      }
      unquoted += c;
    }
    return std::nullopt;  // unterminated
  }

  bool done() const { return pos_ >= text_.size(); }
  bool peek(char c) const { return !done() && text_[pos_] == c; }
  bool take(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  void skip_blanks() {
    while (!done() && is_blank(text_[pos_])) ++pos_;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// The client in a chain of hops: the rightmost that is not a trusted proxy, else the leftmost.
ip_address client_in_chain(const std::vector<ip_address>& hops, const cidr_list& trusted_proxies) {
  auto untrusted =
      std::find_if(hops.rbegin(), hops.rend(), [&](const auto& a) { return !trusted_proxies.contains(a); });
  return untrusted != hops.rend() ? *untrusted : hops.front();
}

// Every field of that name, joined by commas; nullopt when there is none.
std::optional<std::string> joined_fields(const net::http_request& message, std::string_view name) {
  std::optional<std::string> joined;
  for (auto [it, end] = message.equal_range(name); it != end; ++it) {
    if (joined)
      *joined += ',';
    else
      joined.emplace();
    *joined += it->value();
  }
  return joined;
}

}  // namespace

std::optional<ip_address> hop_address(std::string_view node) {
  if (node.starts_with('[')) {
    const auto close = node.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = node.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && is_port(rest.substr(1)))) return std::nullopt;
    return v6_address(node.substr(1, close - 1));
  }
  const auto colons = std::count(node.begin(), node.end(), ':');
  if (colons > 1) return v6_address(node);
  if (colons == 1) {
    const auto colon = node.find(':');
    if (!is_port(node.substr(colon + 1))) return std::nullopt;
    return v4_address(node.substr(0, colon));
  }
  return v4_address(node);
}

std::optional<std::vector<ip_address>> forwarded_for(std::string_view header) {
  return forwarded_reader(header).hops();
}

std::optional<std::vector<ip_address>> x_forwarded_for(std::string_view header) {
  std::vector<ip_address> hops;
  for (;;) {
    const auto comma = header.find(',');
    if (const auto item = trim_blanks(header.substr(0, comma)); !item.empty()) {
      auto hop = hop_address(item);
      if (!hop) return std::nullopt;
      hops.push_back(*hop);
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  if (hops.empty()) return std::nullopt;
  return hops;
}

ip_address client_address(const ip_address& peer, std::optional<std::string_view> forwarded,
                          std::optional<std::string_view> x_forwarded, const cidr_list& trusted_proxies) {
  const auto direct = unmapped(peer);
  if (!trusted_proxies.contains(direct)) return direct;
  if (forwarded && x_forwarded) return direct;  // either could be the client's own
  std::optional<std::vector<ip_address>> hops;
  if (forwarded) hops = forwarded_for(*forwarded);
  if (x_forwarded) hops = x_forwarded_for(*x_forwarded);
  if (!hops) return direct;
  return client_in_chain(*hops, trusted_proxies);
}

ip_address client_address(const net::request& req, const cidr_list& trusted_proxies) {
  if (trusted_proxies.empty()) return unmapped(req.peer);  // the default: no header is read at all
  const auto forwarded = joined_fields(req.message, "Forwarded");
  const auto x_forwarded = joined_fields(req.message, "X-Forwarded-For");
  std::optional<std::string_view> forwarded_view, x_forwarded_view;
  if (forwarded) forwarded_view = *forwarded;
  if (x_forwarded) x_forwarded_view = *x_forwarded;
  return client_address(req.peer, forwarded_view, x_forwarded_view, trusted_proxies);
}

}  // namespace folio::app
