// Database call counters (db/call_stats.hpp): latencies into buckets, failures by kind and by
// SQLSTATE class, and pools added up.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "db/call_stats.hpp"

using folio::db::call_stats;
using folio::db::db_error;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(call_stats_suite)

BOOST_AUTO_TEST_CASE(counts_latency_and_failures_by_kind_and_class) {
  call_stats stats;
  stats.record(200us);
  const db_error unique(db_error::kind::server, "duplicate key", "23505");
  stats.record(3ms, &unique);
  const db_error lost(db_error::kind::connection, "server closed the connection");
  stats.record(20s, &lost);
  BOOST_TEST(stats.count == 3u);
  BOOST_TEST(stats.buckets.front() == 1u);
  BOOST_TEST(stats.buckets.back() == 1u, "past the last bound");
  BOOST_TEST(stats.errors_by_kind[static_cast<std::size_t>(db_error::kind::server)] == 1u);
  BOOST_TEST(stats.errors_by_kind[static_cast<std::size_t>(db_error::kind::connection)] == 1u);
  const auto class_23 = call_stats::sqlstate_class("23505");
  BOOST_TEST(stats.errors_by_class[class_23] == 1u);
  const auto name = call_stats::class_name(class_23);
  BOOST_TEST(std::string(name.data(), name.size()) == "23");
  BOOST_TEST(call_stats::sqlstate_class("") == call_stats::sqlstate_classes);
  BOOST_TEST(call_stats::sqlstate_class("5") == call_stats::sqlstate_classes);
  const auto p0 = call_stats::class_name(call_stats::sqlstate_class("P0001"));
  BOOST_TEST(std::string(p0.data(), p0.size()) == "P0");

  call_stats total;
  total += stats;
  total += stats;
  BOOST_TEST(total.count == 6u);
  BOOST_TEST(total.errors_by_class[class_23] == 2u);
  BOOST_TEST((total.total == 2 * stats.total));
}

BOOST_AUTO_TEST_SUITE_END()
