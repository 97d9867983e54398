// Which statements may share a Sync under DB_SHARED_SYNC=reads: db::may_write reads the SQL.
#include <boost/test/unit_test.hpp>

#include "db/statement.hpp"

using folio::db::may_write;

BOOST_AUTO_TEST_SUITE(statement_classification)

BOOST_AUTO_TEST_CASE(plain_queries_read_only) {
  BOOST_TEST(!may_write("SELECT 1"));
  BOOST_TEST(!may_write("  select c.id, c.updated_at, c.deleted FROM contents c WHERE c.id = $1"));
  BOOST_TEST(!may_write("WITH page AS (SELECT id FROM chapters) SELECT count(*) FROM page"));
  BOOST_TEST(!may_write("(SELECT 1) UNION ALL (SELECT 2)"));
  BOOST_TEST(!may_write("VALUES (1), (2)"));
  BOOST_TEST(!may_write("SELECT shared, locked_until FROM t"));  // words are whole
}

BOOST_AUTO_TEST_CASE(writes_and_row_locks_do_not) {
  BOOST_TEST(may_write("INSERT INTO t VALUES (1)"));
  BOOST_TEST(may_write("update t SET x = 1"));
  BOOST_TEST(may_write("DELETE FROM t"));
  BOOST_TEST(may_write("SELECT * FROM t FOR UPDATE"));
  BOOST_TEST(may_write("SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED"));
  BOOST_TEST(may_write("SELECT * FROM t FOR KEY SHARE"));
  BOOST_TEST(may_write("WITH gone AS (DELETE FROM t RETURNING id) SELECT count(*) FROM gone"));
  BOOST_TEST(may_write("SELECT nextval('s')"));
  BOOST_TEST(may_write("SELECT pg_advisory_xact_lock(42)"));
  BOOST_TEST(may_write("SELECT pg_try_advisory_lock(42)"));
  BOOST_TEST(may_write("BEGIN"));
  BOOST_TEST(may_write("COMMIT"));
  BOOST_TEST(may_write("CALL refresh()"));
  BOOST_TEST(may_write(""));  // nothing to vouch for
}

BOOST_AUTO_TEST_CASE(statements_classify_themselves_at_compile_time) {
  constexpr folio::db::statement read{"read", "SELECT $1::bigint AS n"};
  constexpr folio::db::statement write{"write", "INSERT INTO t (n) VALUES ($1)"};
  static_assert(read.reads_only);
  static_assert(!write.reads_only);
  BOOST_TEST(read.reads_only);
  BOOST_TEST(!write.reads_only);
}

BOOST_AUTO_TEST_SUITE_END()
