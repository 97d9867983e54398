#pragma once
// The client's address, as the throttles key it: the TCP peer, unless the peer is one of the
// TRUSTED_PROXIES, in which case the proxy's forwarding header names the client.
//
// Only a trusted peer's headers are read: from anyone else, Forwarded and X-Forwarded-For are
// whatever the client wants them to be. From a trusted peer, the header's chain of hops is read
// from the right (the hop the trusted proxy added itself) and the first address that is not itself
// a trusted proxy is the client; when every hop is trusted, the leftmost is. A header that cannot
// be parsed whole, or a hop that is not an IP address ("unknown", an obfuscated name), leaves the
// peer as the address. So does a request that carries both headers: a proxy that writes one of
// them passes the other through from the client untouched, so either could be forged.
#include <boost/asio/ip/address.hpp>

#include <optional>
#include <string_view>
#include <vector>

#include "app/runtime/cidr_list.hpp"
#include "net/request.hpp"

namespace folio::app {

using ip_address = boost::asio::ip::address;

ip_address client_address(const net::request& req, const cidr_list& trusted_proxies);

// The parts, separately testable. `forwarded` and `x_forwarded_for` are the header's fields joined
// by commas, as HTTP allows a list header to be split across several fields.
ip_address client_address(const ip_address& peer, std::optional<std::string_view> forwarded,
                          std::optional<std::string_view> x_forwarded_for, const cidr_list& trusted_proxies);
// The for= addresses of an RFC 7239 Forwarded header, first hop first; nullopt when malformed.
std::optional<std::vector<ip_address>> forwarded_for(std::string_view header);
// The addresses of an X-Forwarded-For header, first hop first; nullopt when malformed.
std::optional<std::vector<ip_address>> x_forwarded_for(std::string_view header);
// One hop: a.b.c.d, a.b.c.d:port, an IPv6 address, [IPv6] or [IPv6]:port; IPv4-mapped IPv6 as IPv4.
std::optional<ip_address> hop_address(std::string_view node);

}  // namespace folio::app
