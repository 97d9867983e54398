// Which statements may share a Sync under DB_SHARED_SYNC=reads: db::may_write reads the SQL.
#include <boost/test/unit_test.hpp>

#include <map>
#include <string_view>

#include "app/cli/routes.hpp"
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

// What the default DB_SHARED_SYNC=reads shares, among folio's own statements: the lookups of the
// read path do, and nothing that writes or locks a row.
BOOST_AUTO_TEST_CASE(folio_reads_share_syncs_and_its_writes_and_locks_do_not) {
  std::map<std::string_view, bool> reads_only;
  for (const auto* s : folio::app::all_statements()) reads_only[s->name] = s->reads_only;
  for (std::string_view name : {"session_caller", "contents_get", "contents_get_by_slug", "contents_list_latest",
                                "contents_get_chapter", "contents_list_chapters", "comments_top_level_oldest",
                                "comments_replies", "library_entries", "accounts_public_user_by_username"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_REQUIRE(reads_only.contains(name));
      BOOST_TEST(reads_only[name]);
    }
  }
  for (std::string_view name : {"contents_lock", "contents_lock_for_author", "contents_lock_chapter", "contents_insert",
                                "contents_like", "comments_insert", "library_save_progress", "accounts_open_session",
                                "throttle_login_failed", "throttle_registration_admit", "throttle_sweep"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_REQUIRE(reads_only.contains(name));
      BOOST_TEST(!reads_only[name]);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
