// TRUSTED_PROXIES' networks: strict parsing at start-up, and membership of IPv4, IPv6 and
// IPv4-mapped IPv6 addresses.
#include <boost/test/unit_test.hpp>

#include <string>

#include "app/runtime/cidr_list.hpp"

using folio::app::cidr_list;

namespace {

boost::asio::ip::address ip(const std::string& text) { return boost::asio::ip::make_address(text); }

cidr_list parsed(const std::string& text) {
  auto list = cidr_list::parse(text);
  BOOST_REQUIRE_MESSAGE(list, "refused: " << text);
  return *list;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cidr_lists)

BOOST_AUTO_TEST_CASE(empty_means_no_network) {
  for (std::string text : {"", " ", "\t"}) {
    BOOST_TEST_CONTEXT('"' << text << '"') {
      auto list = parsed(text);
      BOOST_TEST(list.empty());
      BOOST_TEST(!list.contains(ip("127.0.0.1")));
      BOOST_TEST(!list.contains(ip("::1")));
    }
  }
}

BOOST_AUTO_TEST_CASE(ipv4_and_ipv6_networks) {
  auto list = parsed("10.0.0.0/8,192.168.1.7/32 , fd00::/8,\t::1/128");
  BOOST_TEST(!list.empty());
  BOOST_TEST(list.contains(ip("10.0.0.0")));
  BOOST_TEST(list.contains(ip("10.255.255.255")));
  BOOST_TEST(!list.contains(ip("11.0.0.0")));
  BOOST_TEST(!list.contains(ip("9.255.255.255")));
  BOOST_TEST(list.contains(ip("192.168.1.7")));
  BOOST_TEST(!list.contains(ip("192.168.1.8")));
  BOOST_TEST(list.contains(ip("fd12:3456::1")));
  BOOST_TEST(!list.contains(ip("fe00::1")));
  BOOST_TEST(list.contains(ip("::1")));
  BOOST_TEST(!list.contains(ip("::2")));
  BOOST_TEST(list.to_string() == "10.0.0.0/8, 192.168.1.7/32, fd00::/8, ::1/128");
}

BOOST_AUTO_TEST_CASE(ipv4_mapped_addresses_match_as_ipv4) {
  auto list = parsed("10.0.0.0/8");
  BOOST_TEST(list.contains(ip("::ffff:10.1.2.3")));
  BOOST_TEST(!list.contains(ip("::ffff:11.1.2.3")));
  BOOST_TEST(folio::app::unmapped(ip("::ffff:10.1.2.3")) == ip("10.1.2.3"));
  BOOST_TEST(folio::app::unmapped(ip("fd00::1")) == ip("fd00::1"));
}

BOOST_AUTO_TEST_CASE(everything_and_nothing) {
  auto all = parsed("0.0.0.0/0, ::/0");
  BOOST_TEST(all.contains(ip("203.0.113.9")));
  BOOST_TEST(all.contains(ip("2001:db8::1")));
}

BOOST_AUTO_TEST_CASE(malformed_lists_are_refused) {
  for (std::string bad : {"10.0.0.0",
                          "10.0.0.0/",
                          "/8",
                          "10.0.0.0/33",
                          "10.0.0.0/-1",
                          "10.0.0.0/+8",
                          "10.0.0.0/8x",
                          "10.0.0.0/0008",
                          "10.0.0.0/99999999999999999999",
                          "10.0.0.1/8",
                          "fd00::1/8",
                          "::/129",
                          "10.0.0/8",
                          "256.0.0.0/8",
                          "10.0.0.0/8,",
                          ",10.0.0.0/8",
                          "10.0.0.0/8,,fd00::/8",
                          "10.0.0.0/8 fd00::/8",
                          "fe80::%eth0/64",
                          "localhost/32",
                          "10.0.0.0 /8",
                          "10.0.0.0/ 8"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!cidr_list::parse(bad)); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
