// Which address the throttles key on: the TCP peer, unless it is a trusted proxy whose
// Forwarded or X-Forwarded-For header names the client.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

#include "app/web/client_address.hpp"

using folio::app::cidr_list;
using folio::app::client_address;
using folio::app::forwarded_for;
using folio::app::hop_address;
using folio::app::ip_address;
using folio::app::x_forwarded_for;

namespace {

ip_address ip(const std::string& text) { return boost::asio::ip::make_address(text); }

std::vector<ip_address> ips(std::initializer_list<std::string> texts) {
  std::vector<ip_address> out;
  for (const auto& t : texts) out.push_back(ip(t));
  return out;
}

const cidr_list proxies = *cidr_list::parse("10.0.0.0/8, fd00::/8");
const auto proxy = ip("10.0.0.2");
const auto stranger = ip("198.51.100.7");

std::string resolved(const ip_address& peer, std::optional<std::string_view> forwarded,
                     std::optional<std::string_view> x_forwarded = std::nullopt) {
  return client_address(peer, forwarded, x_forwarded, proxies).to_string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_addresses)

BOOST_AUTO_TEST_CASE(hops_in_every_spelling) {
  BOOST_TEST(*hop_address("192.0.2.60") == ip("192.0.2.60"));
  BOOST_TEST(*hop_address("192.0.2.60:8080") == ip("192.0.2.60"));
  BOOST_TEST(*hop_address("192.0.2.60:_hidden") == ip("192.0.2.60"));
  BOOST_TEST(*hop_address("2001:db8:cafe::17") == ip("2001:db8:cafe::17"));
  BOOST_TEST(*hop_address("[2001:db8:cafe::17]") == ip("2001:db8:cafe::17"));
  BOOST_TEST(*hop_address("[2001:db8:cafe::17]:4711") == ip("2001:db8:cafe::17"));
  BOOST_TEST(*hop_address("::ffff:192.0.2.1") == ip("192.0.2.1"));
  for (std::string bad : {"", "unknown", "_hidden", "192.0.2", "192.0.2.60:", "192.0.2.60:123456", "192.0.2.60:x",
                          "[2001:db8::1", "[2001:db8::1]x", "[192.0.2.1]", "fe80::1%eth0", "[fe80::1%25eth0]",
                          " 192.0.2.60", "192.0.2.60 ", "example.com"}) {
    BOOST_TEST_CONTEXT('"' << bad << '"') { BOOST_TEST(!hop_address(bad)); }
  }
}

BOOST_AUTO_TEST_CASE(x_forwarded_for_lists) {
  BOOST_TEST((*x_forwarded_for("203.0.113.1") == ips({"203.0.113.1"})));
  BOOST_TEST(
      (*x_forwarded_for("203.0.113.1, 10.0.0.5,2001:db8::1") == ips({"203.0.113.1", "10.0.0.5", "2001:db8::1"})));
  BOOST_TEST((*x_forwarded_for(" 203.0.113.1 ,, 198.51.100.2 ") == ips({"203.0.113.1", "198.51.100.2"})));
  for (std::string bad : {"", " , ", "203.0.113.1, unknown", "203.0.113.1 198.51.100.2", "203.0.113.1;x"}) {
    BOOST_TEST_CONTEXT('"' << bad << '"') { BOOST_TEST(!x_forwarded_for(bad)); }
  }
}

BOOST_AUTO_TEST_CASE(forwarded_headers_by_rfc_7239) {
  BOOST_TEST((*forwarded_for("for=192.0.2.60") == ips({"192.0.2.60"})));
  BOOST_TEST((*forwarded_for("For=\"[2001:db8:cafe::17]:4711\"") == ips({"2001:db8:cafe::17"})));
  BOOST_TEST((*forwarded_for("for=192.0.2.60;proto=http;by=203.0.113.43") == ips({"192.0.2.60"})));
  BOOST_TEST((*forwarded_for("proto=https; for=\"192.0.2.60:443\" ;by=_proxy") == ips({"192.0.2.60"})));
  BOOST_TEST((*forwarded_for("for=192.0.2.43, for=198.51.100.17") == ips({"192.0.2.43", "198.51.100.17"})));
  BOOST_TEST(
      (*forwarded_for("for=192.0.2.43,,for=\"198.51.100.17\";;proto=http") == ips({"192.0.2.43", "198.51.100.17"})));
  BOOST_TEST((*forwarded_for("for=\"19\\2.0.2.43\"") == ips({"192.0.2.43"})));           // a quoted-pair
  BOOST_TEST((*forwarded_for("for=192.0.2.43;") == ips({"192.0.2.43"})));                // empty pairs are allowed
  BOOST_TEST((*forwarded_for("for=192.0.2.43;host=\"a,b;c\"") == ips({"192.0.2.43"})));  // separators in quotes
  for (std::string bad : {"", ",", "for=", "for", "=192.0.2.60", "for=unknown", "for=_hidden", "proto=http",
                          "for=192.0.2.60, proto=http", "for=192.0.2.60;for=192.0.2.61", "for=\"192.0.2.60",
                          "for=[2001:db8::1]", "for=192.0.2.60 for=192.0.2.61", "for=\"\"", "for=192.0.2.60:80"}) {
    BOOST_TEST_CONTEXT('"' << bad << '"') { BOOST_TEST(!forwarded_for(bad)); }
  }
}

BOOST_AUTO_TEST_CASE(an_untrusted_peer_is_the_client_whatever_it_sends) {
  BOOST_TEST(resolved(stranger, "for=203.0.113.9") == "198.51.100.7");
  BOOST_TEST(resolved(stranger, std::nullopt, "203.0.113.9") == "198.51.100.7");
  BOOST_TEST(resolved(ip("::ffff:198.51.100.7"), std::nullopt, "203.0.113.9") == "198.51.100.7");
  // With no trusted proxies at all, nothing is read.
  const auto none = *cidr_list::parse("");
  BOOST_TEST(client_address(ip("127.0.0.1"), std::nullopt, "203.0.113.9", none).to_string() == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(a_trusted_peer_names_the_rightmost_untrusted_hop) {
  BOOST_TEST(resolved(proxy, std::nullopt, "203.0.113.9") == "203.0.113.9");
  BOOST_TEST(resolved(proxy, "for=203.0.113.9") == "203.0.113.9");
  // What the client wrote itself is left of what the proxies appended: it is not believed.
  BOOST_TEST(resolved(proxy, std::nullopt, "1.2.3.4, 203.0.113.9") == "203.0.113.9");
  BOOST_TEST(resolved(proxy, "for=1.2.3.4, for=203.0.113.9") == "203.0.113.9");
  // Trusted proxies in the chain are skipped, IPv6 and IPv4-mapped ones too.
  BOOST_TEST(resolved(proxy, std::nullopt, "1.2.3.4, 203.0.113.9, 10.9.9.9, fd00::5") == "203.0.113.9");
  BOOST_TEST(resolved(proxy, "for=1.2.3.4, for=\"[2001:db8::9]\", for=\"[::ffff:10.1.1.1]\"") == "2001:db8::9");
  BOOST_TEST(resolved(ip("::ffff:10.0.0.2"), std::nullopt, "203.0.113.9") == "203.0.113.9");
  BOOST_TEST(resolved(ip("fd00::2"), std::nullopt, "203.0.113.9") == "203.0.113.9");
  // Every hop a trusted proxy: the first one is where the request came from.
  BOOST_TEST(resolved(proxy, std::nullopt, "10.1.1.1, 10.2.2.2") == "10.1.1.1");
}

BOOST_AUTO_TEST_CASE(a_trusted_peer_without_a_usable_header_is_the_client) {
  BOOST_TEST(resolved(proxy, std::nullopt) == "10.0.0.2");
  BOOST_TEST(resolved(proxy, std::nullopt, "") == "10.0.0.2");
  BOOST_TEST(resolved(proxy, std::nullopt, "203.0.113.9, garbage") == "10.0.0.2");
  BOOST_TEST(resolved(proxy, "for=unknown") == "10.0.0.2");
  BOOST_TEST(resolved(proxy, "for=\"203.0.113.9") == "10.0.0.2");
  // Both headers: a proxy that writes one passes the other through from the client untouched.
  BOOST_TEST(resolved(proxy, "for=203.0.113.9", "203.0.113.9") == "10.0.0.2");
}

BOOST_AUTO_TEST_SUITE_END()
