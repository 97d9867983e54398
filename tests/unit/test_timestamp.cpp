#include <boost/test/unit_test.hpp>

#include <string>

#include "app/web/json_writer.hpp"
#include "db/timestamp.hpp"

using folio::db::parse_timestamptz;

namespace {

// What the API writes for a timestamptz PostgreSQL printed: parsed by db/, formatted by the JSON layer.
std::string converted(std::string_view pg) {
  auto out = parse_timestamptz(pg);
  BOOST_REQUIRE_MESSAGE(out.has_value(), "rejected: " << pg);
  return folio::app::format_rfc3339(*out);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(timestamp)

BOOST_AUTO_TEST_CASE(fraction_digits) {
  BOOST_TEST(converted("2026-11-25 10:00:00+00") == "2026-11-25T10:00:00.000Z");
  BOOST_TEST(converted("2026-11-25 10:00:00.5+00") == "2026-11-25T10:00:00.500Z");
  BOOST_TEST(converted("2026-11-25 10:00:00.05+00") == "2026-11-25T10:00:00.050Z");
  BOOST_TEST(converted("2026-11-25 10:00:00.123+00") == "2026-11-25T10:00:00.123Z");
  BOOST_TEST(converted("2026-11-25 10:00:00.1239+00") == "2026-11-25T10:00:00.123Z");
  BOOST_TEST(converted("2026-11-25 10:00:00.123456+00") == "2026-11-25T10:00:00.123Z");
  BOOST_TEST(converted("2026-11-25 10:00:00.999999+00") == "2026-11-25T10:00:00.999Z");
  BOOST_TEST(converted("2026-11-25 10:00:00.000001+00") == "2026-11-25T10:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(calendar_edges) {
  BOOST_TEST(converted("0001-01-01 00:00:00+00") == "0001-01-01T00:00:00.000Z");
  BOOST_TEST(converted("9999-12-31 23:59:59.999999+00") == "9999-12-31T23:59:59.999Z");
  BOOST_TEST(converted("2024-02-29 12:00:00+00") == "2024-02-29T12:00:00.000Z");
  BOOST_TEST(converted("2000-02-29 12:00:00+00") == "2000-02-29T12:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(rejected_inputs) {
  for (std::string_view bad : {
           "",
           "garbage",
           "infinity",
           "-infinity",
           "2026-11-25 10:00:00+01",
           "2026-11-25 10:00:00-00",
           "2026-11-25 10:00:00+05:30",
           "2026-11-25 10:00:00+00:00",
           "2026-11-25 10:00:00",
           "2026-11-25 10:00:00Z",
           "2026-11-25T10:00:00+00",
           "0001-01-01 00:00:00+00 BC",
           "0044-03-15 12:00:00+00 BC",
           "12026-11-25 10:00:00+00",
           "0000-01-01 00:00:00+00",
           "2026-11-25 10:00:00.+00",
           "2026-11-25 10:00:00.1234567+00",
           "2026-11-25 10:00:00,5+00",
           "2026-11-25 10:00:00.5a+00",
           "2026-11-25 10:00:00.5 +00",
           " 2026-11-25 10:00:00+00",
           "2026-11-25 10:00:00+00 ",
           "2026-1-25 10:00:00+00",
           "2026-11-25 1:00:00+00",
           "2026-13-01 00:00:00+00",
           "2026-00-01 00:00:00+00",
           "2026-11-00 00:00:00+00",
           "2026-11-31 00:00:00+00",
           "2026-02-29 00:00:00+00",
           "1900-02-29 00:00:00+00",
           "2026-11-25 24:00:00+00",
           "2026-11-25 23:60:00+00",
           "2026-11-25 23:59:60+00",
           "2026-11-25 +0:00:00+00",
           "2026-11-25 10:00:00+00+00",
       }) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_timestamptz(bad).has_value()); }
  }
}

BOOST_AUTO_TEST_SUITE_END()
