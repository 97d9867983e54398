#include <boost/test/unit_test.hpp>

#include "db/lsn.hpp"

using folio::db::format_lsn;
using folio::db::lsn;
using folio::db::parse_lsn;

BOOST_AUTO_TEST_SUITE(wal_positions)

BOOST_AUTO_TEST_CASE(reads_pg_lsn_text) {
  BOOST_TEST(parse_lsn("0/16B3748")->value == 0x16B3748u);
  BOOST_TEST(parse_lsn("1/0")->value == 0x100000000u);
  BOOST_TEST(parse_lsn("FFFFFFFF/FFFFFFFF")->value == 0xFFFFFFFFFFFFFFFFu);
  BOOST_TEST(parse_lsn("a/b")->value == 0xA0000000Bu);
}

BOOST_AUTO_TEST_CASE(refuses_anything_else) {
  for (const char* text : {"", "/", "0/", "/0", "0", "0/1/2", "-1/0", "+1/0", "0/+1", " 0/1", "0/1 ", "g/0",
                           "100000000/0", "0/100000000", "0x1/0"})
    BOOST_TEST(!parse_lsn(text).has_value(), text);
}

BOOST_AUTO_TEST_CASE(writes_what_it_reads) {
  for (const char* text : {"0/0", "0/16B3748", "1/0", "FFFFFFFF/FFFFFFFF", "3A/5F00C128"})
    BOOST_TEST(format_lsn(*parse_lsn(text)) == text);
}

BOOST_AUTO_TEST_CASE(orders_by_position) {
  BOOST_TEST((*parse_lsn("0/FFFFFFFF") < *parse_lsn("1/0")));
  BOOST_TEST((*parse_lsn("0/10") > *parse_lsn("0/F")));
  BOOST_TEST((lsn{} <= *parse_lsn("0/0")));
}

BOOST_AUTO_TEST_SUITE_END()
