// The database layer in-process: one pool on a private io_context, against a fresh database.
#include <boost/test/unit_test.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/describe.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/error.hpp"
#include "db/pool.hpp"
#include "db/row.hpp"
#include "harness.hpp"
#include "pool_runner.hpp"

namespace asio = boost::asio;
namespace db = folio::db;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using folio::test::create_database;
using folio::test::n_row;
using folio::test::query_value;
using folio::test::run_all;
using folio::test::settings_for;
using folio::test::value_of;
using folio::test::with_pool;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr db::statement echo = db::checked_statement<n_row>("test_echo", "SELECT $1::bigint AS n");
constexpr db::statement divide = db::checked_statement<n_row>("test_divide", "SELECT (1 / $1::int)::bigint AS n");
constexpr db::statement sleep_for = {"test_sleep", "SELECT pg_sleep($1::int)"};
constexpr db::statement insert_item = {"test_insert_item", "INSERT INTO pool_items (label) VALUES ($1)"};
constexpr db::statement count_items =
    db::checked_statement<n_row>("test_count_items", "SELECT count(*) AS n FROM pool_items WHERE label = $1");

const std::vector<const db::statement*> basic_statements{&echo, &divide, &sleep_for};
const std::vector<const db::statement*> item_statements{&echo, &insert_item, &count_items};

// Lets every coroutine spawned so far run up to its first suspension.
asio::awaitable<void> yield() { co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable); }

// Polls an observable condition of the pool with a bounded deadline.
asio::awaitable<bool> eventually(std::function<bool()> condition, std::chrono::milliseconds patience) {
  asio::steady_timer tick(co_await asio::this_coro::executor);
  const auto give_up = clock_type::now() + patience;
  while (!condition()) {
    if (clock_type::now() > give_up) co_return false;
    tick.expires_after(10ms);
    co_await tick.async_wait(asio::use_awaitable);
  }
  co_return true;
}

long long ms(clock_type::duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

std::int64_t value_for(std::size_t i) { return static_cast<std::int64_t>(i) * 7919 - 123456; }

template <class F>
std::optional<db::db_error> db_error_of(F&& f) {
  try {
    f();
  } catch (const db::db_error& e) {
    return e;
  }
  return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pool)

BOOST_AUTO_TEST_CASE(thousand_concurrent_queries_each_get_their_own_value) {
  const std::size_t calls = 1000, size = 4;
  std::vector<std::optional<std::int64_t>> got(calls);
  std::size_t peak_in_flight = 0;
  with_pool(settings_for(create_database(), size), basic_statements, [&](db::pool& pool) -> asio::awaitable<void> {
    const bool all_healthy = co_await eventually([&] { return pool.stats().healthy == size; }, 10s);
    BOOST_REQUIRE(all_healthy);
    co_await run_all(calls + 1, [&](std::size_t i) -> asio::awaitable<void> {
      if (i == calls) {
        // Runs after every query coroutine has issued its statement.
        co_await yield();
        peak_in_flight = pool.stats().in_flight;
        co_return;
      }
      got[i] = value_of(co_await pool.execute(echo, value_for(i)));
    });
    BOOST_TEST(pool.stats().connects == size);  // no connection broke on the way
  });
  for (std::size_t i = 0; i < calls; ++i) {
    BOOST_REQUIRE_MESSAGE(got[i].has_value(), "call " << i << " got nothing");
    BOOST_REQUIRE_MESSAGE(*got[i] == value_for(i), "call " << i << " got " << *got[i]);
  }
  // More calls in flight than connections: they really were pipelined.
  BOOST_TEST(peak_in_flight > size);
}

BOOST_AUTO_TEST_CASE(one_connection_completes_calls_in_issue_order) {
  const std::size_t calls = 300;
  auto settings = settings_for(create_database(), 1);
  settings.max_pipeline = calls;  // nobody waits in the queue: every call goes straight into the pipeline
  std::vector<std::size_t> issued, completed;
  std::vector<std::optional<std::int64_t>> got(calls);
  with_pool(settings, basic_statements, [&](db::pool& pool) -> asio::awaitable<void> {
    co_await run_all(calls, [&](std::size_t i) -> asio::awaitable<void> {
      // Nothing else runs between this and the statement being sent: with spare capacity the
      // pool does not suspend before submitting.
      issued.push_back(i);
      auto r = co_await pool.execute(echo, value_for(i));
      completed.push_back(i);
      got[i] = value_of(r);
    });
    BOOST_TEST(pool.stats().connects == 1u);
  });
  BOOST_REQUIRE(issued.size() == calls);
  BOOST_TEST(completed == issued, boost::test_tools::per_element());
  for (std::size_t i = 0; i < calls; ++i) BOOST_TEST(got[i].value_or(-1) == value_for(i));
}

// One statement in flight per connection (as behind a transaction pooler) and more callers than
// connections, each calling again as soon as it has its answer: a caller that queues while others
// have been woken but not yet resumed may find room at once, and must take it rather than sleep
// until its acquire deadline.
BOOST_AUTO_TEST_CASE(queued_callers_take_room_that_frees_while_they_queue) {
  const std::size_t callers = 3, calls_each = 300;
  auto settings = settings_for(create_database(), 2);
  settings.max_pipeline = 1;
  settings.acquire_timeout = 20s;
  std::size_t answered = 0;
  const auto started = clock_type::now();
  with_pool(settings, basic_statements, [&](db::pool& pool) -> asio::awaitable<void> {
    const bool all_healthy = co_await eventually([&] { return pool.stats().healthy == 2; }, 10s);
    BOOST_REQUIRE(all_healthy);
    co_await run_all(callers, [&](std::size_t i) -> asio::awaitable<void> {
      for (std::size_t call = 0; call < calls_each; ++call) {
        const auto value = value_for(i * calls_each + call);
        if (value_of(co_await pool.execute(echo, value)) == value) ++answered;
      }
    });
  });
  BOOST_TEST(answered == callers * calls_each);
  // 900 one-row statements take well under a second; a caller asleep until its deadline takes 20 s.
  BOOST_TEST(ms(clock_type::now() - started) < 10000);
}

// With shared Syncs the calls of one turn of the loop are one implicit transaction: a duplicate
// key in one of them rolls back the others' inserts. Each caller must still get exactly its own
// outcome, and every acknowledged insert must be stored exactly once.
BOOST_AUTO_TEST_CASE(shared_syncs_keep_each_callers_outcome_its_own) {
  constexpr db::statement insert_unique = {"test_insert_unique", "INSERT INTO unique_items (label) VALUES ($1)"};
  const auto url = create_database();
  query_value(url, "CREATE TABLE unique_items (label text PRIMARY KEY)");
  const std::size_t calls = 400;
  // Calls 0 and 5, 10 and 15, … share a label: 40 pairs that collide; the rest are unique.
  auto label_of = [](std::size_t i) {
    if (i % 10 == 0 || i % 10 == 5) return "pair-" + std::to_string(i / 10);
    return "item-" + std::to_string(i);
  };
  std::vector<std::optional<std::string>> outcome(calls);  // nullopt: stored; otherwise the SQLSTATE
  std::uint64_t resent = 0;
  auto settings = settings_for(url, 1);
  settings.connection.shared_syncs = db::sync_sharing::all;
  with_pool(settings, {&echo, &insert_unique}, [&](db::pool& pool) -> asio::awaitable<void> {
    co_await run_all(calls, [&](std::size_t i) -> asio::awaitable<void> {
      const auto label = label_of(i);
      try {
        co_await pool.execute(insert_unique, label);
      } catch (const db::db_error& e) {
        outcome[i] = e.sqlstate().empty() ? std::string("no sqlstate: ") + e.what() : e.sqlstate();
      }
    });
    resent = pool.stats().resent;
  });
  std::size_t stored = 0, refused = 0;
  for (std::size_t i = 0; i < calls; ++i) {
    const bool pair = i % 10 == 0 || i % 10 == 5;
    if (!outcome[i]) {
      ++stored;
    } else {
      ++refused;
      BOOST_TEST_CONTEXT("call " << i) {
        BOOST_TEST(pair, "a call whose label collides with no other failed: " << *outcome[i]);
        BOOST_TEST(*outcome[i] == "23505");
      }
    }
  }
  BOOST_TEST(refused == calls / 10);  // one of each pair
  BOOST_TEST(stored == calls - calls / 10);
  BOOST_TEST(query_value(url, "SELECT count(*) FROM unique_items") == std::to_string(stored));
  // The calls really shared Syncs: some were rolled back with a failing neighbour and sent again.
  BOOST_TEST(resent > 0u);
}

// DB_SHARED_SYNC=reads: read-only calls share Syncs, while a call that writes gets a Sync of its
// own, so an insert that fails never rolls back a neighbour's (nothing is resent).
BOOST_AUTO_TEST_CASE(under_read_sharing_only_reads_share_syncs) {
  constexpr db::statement insert_unique = {"test_insert_unique", "INSERT INTO unique_items (label) VALUES ($1)"};
  static_assert(echo.reads_only && !insert_unique.reads_only);
  const auto url = create_database();
  query_value(url, "CREATE TABLE unique_items (label text PRIMARY KEY)");
  const std::size_t calls = 200;
  auto settings = settings_for(url, 1);
  settings.connection.shared_syncs = db::sync_sharing::reads;
  std::size_t right_answers = 0, refused = 0;
  db::pool_stats before, after_reads, after_writes;
  with_pool(settings, {&echo, &insert_unique}, [&](db::pool& pool) -> asio::awaitable<void> {
    before = pool.stats();
    co_await run_all(calls, [&](std::size_t i) -> asio::awaitable<void> {
      const auto value = value_for(i);
      if (value_of(co_await pool.execute(echo, value)) == value) ++right_answers;
    });
    after_reads = pool.stats();
    co_await run_all(calls, [&](std::size_t i) -> asio::awaitable<void> {
      const auto label = "item-" + std::to_string(i / 2);  // calls 2k and 2k + 1 collide
      try {
        co_await pool.execute(insert_unique, label);
      } catch (const db::db_error& e) {
        if (e.sqlstate() == "23505") ++refused;
      }
    });
    after_writes = pool.stats();
  });
  BOOST_TEST(right_answers == calls);
  BOOST_TEST(after_reads.syncs - before.syncs < calls / 4);     // sent in one turn: a few groups
  BOOST_TEST(after_writes.syncs - after_reads.syncs == calls);  // one each
  BOOST_TEST(refused == calls / 2);
  BOOST_TEST(after_writes.resent == 0u);
  BOOST_TEST(query_value(url, "SELECT count(*) FROM unique_items") == std::to_string(calls / 2));
}

BOOST_AUTO_TEST_CASE(failing_statement_fails_only_its_caller) {
  std::optional<std::int64_t> first, third, after;
  std::optional<db::db_error> failure;
  bool failing_call_returned = false;
  with_pool(settings_for(create_database(), 1), basic_statements, [&](db::pool& pool) -> asio::awaitable<void> {
    co_await run_all(3, [&](std::size_t i) -> asio::awaitable<void> {
      if (i == 0) first = value_of(co_await pool.execute(echo, 11));
      if (i == 2) third = value_of(co_await pool.execute(echo, 13));
      if (i == 1) {
        try {
          co_await pool.execute(divide, 0);
          failing_call_returned = true;
        } catch (const db::db_error& e) {
          failure = e;
        }
      }
    });
    // The same connection goes on serving.
    after = value_of(co_await pool.execute(divide, 1));
    BOOST_TEST(pool.stats().connects == 1u);
  });
  BOOST_TEST(!failing_call_returned);
  BOOST_REQUIRE(failure.has_value());
  BOOST_TEST(static_cast<int>(failure->error_kind()) == static_cast<int>(db::db_error::kind::server));
  BOOST_TEST(failure->sqlstate() == "22012");
  BOOST_TEST(first.value_or(-1) == 11);
  BOOST_TEST(third.value_or(-1) == 13);
  BOOST_TEST(after.value_or(-1) == 1);
}

BOOST_AUTO_TEST_CASE(queue_limit_and_acquire_timeout_make_unavailable) {
  auto settings = settings_for(create_database(), 1);
  settings.max_pipeline = 1;
  settings.max_waiters = 1;
  settings.acquire_timeout = 300ms;
  bool slow_done = false, slow_done_when_waiter_failed = true;
  std::optional<db::db_error> waiter_error, rejected_error;
  clock_type::duration waiter_took{}, rejected_took{};
  db::pool_stats final_stats;
  with_pool(settings, basic_statements, [&](db::pool& pool) -> asio::awaitable<void> {
    co_await run_all(3, [&](std::size_t i) -> asio::awaitable<void> {
      if (i == 0) {
        co_await pool.execute(sleep_for, 1);
        slow_done = true;
      } else if (i == 1) {
        const auto start = clock_type::now();
        try {
          co_await pool.execute(echo, 1);
        } catch (const db::db_error& e) {
          waiter_error = e;
        }
        waiter_took = clock_type::now() - start;
        slow_done_when_waiter_failed = slow_done;
      } else {
        // Start only once the slow query holds the connection and the second caller waits.
        co_await yield();
        BOOST_REQUIRE(pool.stats().in_flight == 1u);
        BOOST_REQUIRE(pool.stats().waiting == 1u);
        const auto start = clock_type::now();
        try {
          co_await pool.execute(echo, 2);
        } catch (const db::db_error& e) {
          rejected_error = e;
        }
        rejected_took = clock_type::now() - start;
      }
    });
    final_stats = pool.stats();
  });
  BOOST_TEST(slow_done);
  BOOST_REQUIRE(waiter_error.has_value());
  BOOST_TEST(static_cast<int>(waiter_error->error_kind()) == static_cast<int>(db::db_error::kind::unavailable));
  BOOST_TEST(ms(waiter_took) >= 300);
  BOOST_TEST(!slow_done_when_waiter_failed);  // it gave up before the connection freed up
  BOOST_REQUIRE(rejected_error.has_value());
  BOOST_TEST(static_cast<int>(rejected_error->error_kind()) == static_cast<int>(db::db_error::kind::unavailable));
  BOOST_TEST(ms(rejected_took) < 100);  // at once, not after the acquire timeout
  BOOST_TEST(final_stats.acquire_timeouts == 1u);
  BOOST_TEST(final_stats.rejected == 1u);
}

BOOST_AUTO_TEST_CASE(dropped_transaction_rolls_back_and_commit_persists) {
  const auto url = create_database();
  query_value(url, "CREATE TABLE pool_items (label text NOT NULL)");
  std::optional<std::int64_t> inside_seen, rolled_back;
  with_pool(settings_for(url, 1), item_statements, [&](db::pool& pool) -> asio::awaitable<void> {
    bool outsider_done = false;
    {
      auto tx = co_await pool.begin();
      co_await tx.execute(insert_item, "rolled-back");
      inside_seen = value_of(co_await tx.execute(count_items, "rolled-back"));
      // Another caller must not slip its statement into this transaction: it waits.
      asio::co_spawn(
          co_await asio::this_coro::executor,
          [&]() -> asio::awaitable<void> {
            co_await pool.execute(insert_item, "outside");
            outsider_done = true;
          },
          asio::detached);
      co_await yield();
      BOOST_TEST(pool.stats().waiting == 1u);
      BOOST_TEST(!outsider_done);
    }  // dropped without commit
    rolled_back = value_of(co_await pool.execute(count_items, "rolled-back"));
    const bool outsider_finished = co_await eventually([&] { return outsider_done; }, 5s);
    BOOST_TEST(outsider_finished);

    auto tx = co_await pool.begin();
    co_await tx.execute(insert_item, "committed");
    co_await tx.commit();
  });
  BOOST_TEST(inside_seen.value_or(-1) == 1);
  BOOST_TEST(rolled_back.value_or(-1) == 0);
  // Seen from another session: the statement that waited ran in autocommit after the rollback,
  // and the commit really committed.
  BOOST_TEST(query_value(url, "SELECT count(*) FROM pool_items WHERE label = 'rolled-back'") == "0");
  BOOST_TEST(query_value(url, "SELECT count(*) FROM pool_items WHERE label = 'outside'") == "1");
  BOOST_TEST(query_value(url, "SELECT count(*) FROM pool_items WHERE label = 'committed'") == "1");
}

BOOST_AUTO_TEST_CASE(cancelled_query_returns_promptly_and_is_cancelled_on_the_server) {
  std::size_t outcome_index = 99;
  clock_type::duration cancel_took{}, next_took{};
  std::optional<std::int64_t> next;
  with_pool(settings_for(create_database(), 1), basic_statements, [&](db::pool& pool) -> asio::awaitable<void> {
    asio::steady_timer timeout(co_await asio::this_coro::executor, 200ms);
    auto start = clock_type::now();
    auto outcome = co_await (pool.execute(sleep_for, 10) || timeout.async_wait(asio::use_awaitable));
    cancel_took = clock_type::now() - start;
    outcome_index = outcome.index();

    start = clock_type::now();
    next = value_of(co_await pool.execute(echo, 5));
    next_took = clock_type::now() - start;
    BOOST_TEST(pool.stats().connects == 1u);  // the same connection, not a replacement
  });
  BOOST_TEST(outcome_index == 1u);  // the timer won
  BOOST_TEST(ms(cancel_took) < 1000);
  BOOST_TEST(next.value_or(-1) == 5);
  BOOST_TEST(ms(next_took) < 2000);  // not queued behind the rest of pg_sleep(10)
}

BOOST_AUTO_TEST_SUITE_END()
