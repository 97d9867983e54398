// The Prometheus text writer (app/web/prometheus_text.hpp): HELP and TYPE lines, label escaping,
// and histograms made cumulative with their +Inf bucket, sum and count.
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>

#include "app/web/prometheus_text.hpp"

using folio::app::prometheus_text;

BOOST_AUTO_TEST_SUITE(prometheus_text_format)

BOOST_AUTO_TEST_CASE(a_family_starts_with_help_and_type_and_labels_are_escaped) {
  prometheus_text out;
  out.family("folio_things_total", "counter", "Things, with a \\ and a\nnewline.");
  out.sample("folio_things_total", {{"route", "/a/{id}"}, {"note", "say \"hi\"\\\n"}}, std::uint64_t{3});
  out.sample("folio_things_total", {}, std::uint64_t{0});
  BOOST_TEST(out.text() ==
             "# HELP folio_things_total Things, with a \\\\ and a\\nnewline.\n"
             "# TYPE folio_things_total counter\n"
             "folio_things_total{route=\"/a/{id}\",note=\"say \\\"hi\\\"\\\\\\n\"} 3\n"
             "folio_things_total 0\n");
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative_and_end_with_inf) {
  const std::array<double, 2> bounds{0.0005, 1};
  const std::array<std::uint64_t, 3> buckets{2, 0, 1};
  prometheus_text out;
  out.histogram("folio_wait_seconds", {{"route", "/x"}}, {bounds, buckets, 3, 12.5});
  BOOST_TEST(out.text() ==
             "folio_wait_seconds_bucket{route=\"/x\",le=\"0.0005\"} 2\n"
             "folio_wait_seconds_bucket{route=\"/x\",le=\"1\"} 2\n"
             "folio_wait_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"
             "folio_wait_seconds_sum{route=\"/x\"} 12.5\n"
             "folio_wait_seconds_count{route=\"/x\"} 3\n");
}

BOOST_AUTO_TEST_SUITE_END()
