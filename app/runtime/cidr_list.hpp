#pragma once
// A list of IPv4 and IPv6 networks in CIDR notation ("10.0.0.0/8, fd00::/8"), as TRUSTED_PROXIES
// names the reverse proxies whose forwarding headers folio believes.
//
// Parsed strictly, once, at start-up: every item needs its prefix length and must name the
// network itself (no host bits set: "10.0.0.1/8" is refused as a likely typo, not widened).
// Addresses are compared as IPv4 when they are IPv4-mapped IPv6 (::ffff:a.b.c.d), which is how a
// dual-stack listener sees IPv4 clients.
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace folio::app {

class cidr_list {
 public:
  // Comma-separated networks, white space around items allowed; "" is the empty list. nullopt for
  // anything else: a missing or out-of-range prefix, a bad address, host bits set, empty items.
  static std::optional<cidr_list> parse(std::string_view text);

  bool empty() const noexcept { return v4_.empty() && v6_.empty(); }
  bool contains(const boost::asio::ip::address& a) const;
  // The networks in canonical form, IPv4 first, joined by ", ".
  std::string to_string() const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

// a, or the IPv4 address an IPv4-mapped IPv6 address stands for.
boost::asio::ip::address unmapped(const boost::asio::ip::address& a);

}  // namespace folio::app
