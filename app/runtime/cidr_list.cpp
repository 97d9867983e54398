#include "app/runtime/cidr_list.hpp"

#include <algorithm>
#include <charconv>

namespace folio::app {
namespace {

namespace ip = boost::asio::ip;

std::string_view trim_blanks(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// 1 to 3 digits, at most max: from_chars alone would take a sign or overflow quietly.
std::optional<unsigned short> prefix_length(std::string_view digits, unsigned short max) {
  if (digits.empty() || digits.size() > 3) return std::nullopt;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  unsigned short value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (value > max) return std::nullopt;
  return value;
}

// Adds "address/prefix" to the list of its family; false when it is not a canonical network.
bool add_network(std::string_view item, std::vector<ip::network_v4>& v4, std::vector<ip::network_v6>& v6) {
  const auto slash = item.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string address_text(item.substr(0, slash));
  if (address_text.find('%') != std::string::npos) return false;  // a scope id names an interface, not a network
  boost::system::error_code ec;
  const auto address = ip::make_address(address_text, ec);
  if (ec) return false;
  if (address.is_v4()) {
    auto prefix = prefix_length(item.substr(slash + 1), 32);
    if (!prefix) return false;
    const ip::network_v4 network(address.to_v4(), *prefix);
    if (network != network.canonical()) return false;
    v4.push_back(network);
  } else {
    auto prefix = prefix_length(item.substr(slash + 1), 128);
    if (!prefix) return false;
    const ip::network_v6 network(address.to_v6(), *prefix);
    if (network != network.canonical()) return false;
    v6.push_back(network);
  }
  return true;
}

}  // namespace

std::optional<cidr_list> cidr_list::parse(std::string_view text) {
  cidr_list list;
  if (trim_blanks(text).empty()) return list;
  for (;;) {
    const auto comma = text.find(',');
    if (!add_network(trim_blanks(text.substr(0, comma)), list.v4_, list.v6_)) return std::nullopt;
    if (comma == std::string_view::npos) return list;
    text.remove_prefix(comma + 1);
  }
}

bool cidr_list::contains(const ip::address& a) const {
  const auto plain = unmapped(a);
  if (plain.is_v4()) {
    const ip::network_v4 host(plain.to_v4(), 32);
    return std::any_of(v4_.begin(), v4_.end(), [&](const auto& n) { return host == n || host.is_subnet_of(n); });
  }
  const ip::network_v6 host(plain.to_v6(), 128);
  return std::any_of(v6_.begin(), v6_.end(), [&](const auto& n) { return host == n || host.is_subnet_of(n); });
}

std::string cidr_list::to_string() const {
  std::string out;
  auto append = [&](const std::string& network) { out += (out.empty() ? "" : ", ") + network; };
  for (const auto& n : v4_) append(n.to_string());
  for (const auto& n : v6_) append(n.to_string());
  return out;
}

ip::address unmapped(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

}  // namespace folio::app
