// The login and registration throttles in-process, against a migrated database: their windows,
// locks and Retry-After values, the sweep of expired rows, and counting under concurrency. Time
// passes by moving windows into the past (opened_at), so every wait is asserted to the second
// without sleeping. What several instances share is tested over HTTP in test_accounts.cpp.
#include <boost/test/unit_test.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "app/auth/login_throttle.hpp"
#include "app/auth/registration_throttle.hpp"
#include "app/auth/throttle_queries.hpp"
#include "db/pool.hpp"
#include "harness.hpp"
#include "pool_runner.hpp"

namespace asio = boost::asio;
namespace db = folio::db;
using namespace std::chrono_literals;
using namespace folio::test;
using folio::app::login_throttle;
using folio::app::registration_throttle;
using wait_type = std::optional<std::chrono::seconds>;

namespace {

// A fresh database with folio's schema.
struct throttle_database {
  throttle_database() : url(create_database()) { BOOST_REQUIRE_EQUAL(run_folio(url, "db migrate"), 0); }

  // Every window opened `by` earlier, as if that much time had passed.
  void age(std::chrono::milliseconds by) const {
    query_value(url, "UPDATE throttle_windows SET opened_at = opened_at - interval '" + std::to_string(by.count()) +
                         " milliseconds'");
  }
  std::string count(const std::string& where) const {
    return query_value(url, "SELECT count(*) FROM throttle_windows WHERE " + where);
  }
  void with_throttles(std::function<asio::awaitable<void>(db::pool&)> body) const {
    with_pool(settings_for(url, 4), folio::app::throttle_statements(), std::move(body));
  }

  std::string url;
};

// Whole seconds to wait; 0 when not locked (a lock is always at least 1 s).
long long seconds_of(const wait_type& wait) { return wait ? wait->count() : 0; }

}  // namespace

BOOST_AUTO_TEST_SUITE(throttles)

BOOST_AUTO_TEST_CASE(an_account_locks_at_its_limit_until_the_window_closes) {
  throttle_database d;
  const login_throttle t({3, 5, 60s});
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    wait_type wait;
    co_await t.failed(pool, "user:1", "10.0.0.1");
    co_await t.failed(pool, "user:1", "10.0.0.1");
    wait = co_await t.locked_for(pool, "user:1", "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);
    d.age(10s);
    co_await t.failed(pool, "user:1", "10.0.0.1");
    // From any address; the window opened at the first failure, 10 s ago.
    wait = co_await t.locked_for(pool, "user:1", "10.0.0.2");
    BOOST_TEST(seconds_of(wait) == 50);
    wait = co_await t.locked_for(pool, "user:2", "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);  // other accounts are free
    d.age(49'500ms);
    wait = co_await t.locked_for(pool, "user:1", "10.0.0.2");
    BOOST_TEST(seconds_of(wait) == 1);  // rounded up
    d.age(500ms);
    wait = co_await t.locked_for(pool, "user:1", "10.0.0.2");
    BOOST_TEST(seconds_of(wait) == 0);
  });
}

BOOST_AUTO_TEST_CASE(a_new_window_starts_after_the_old_one_closes) {
  throttle_database d;
  const login_throttle t({3, 5, 60s});
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    wait_type wait;
    co_await t.failed(pool, "user:1", "a");
    co_await t.failed(pool, "user:1", "a");
    d.age(61s);  // the first two have expired
    co_await t.failed(pool, "user:1", "a");
    co_await t.failed(pool, "user:1", "a");
    wait = co_await t.locked_for(pool, "user:1", "a");
    BOOST_TEST(seconds_of(wait) == 0);
    d.age(1s);
    co_await t.failed(pool, "user:1", "a");
    wait = co_await t.locked_for(pool, "user:1", "a");
    BOOST_TEST(seconds_of(wait) == 59);
  });
}

BOOST_AUTO_TEST_CASE(an_address_locks_across_accounts) {
  throttle_database d;
  const login_throttle t({3, 5, 60s});
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    wait_type wait;
    for (int i = 0; i < 5; ++i) co_await t.failed(pool, "login:guess" + std::to_string(i), "10.0.0.9");
    d.age(1s);
    wait = co_await t.locked_for(pool, "user:7", "10.0.0.9");
    BOOST_TEST(seconds_of(wait) == 59);
    wait = co_await t.locked_for(pool, "user:7", "10.0.0.8");
    BOOST_TEST(seconds_of(wait) == 0);
  });
}

BOOST_AUTO_TEST_CASE(the_longer_of_both_locks_is_reported) {
  throttle_database d;
  const login_throttle t({1, 2, 60s});
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    wait_type wait;
    co_await t.failed(pool, "user:1", "a");
    d.age(30s);
    co_await t.failed(pool, "user:2", "a");
    wait = co_await t.locked_for(pool, "user:1", "a");
    BOOST_TEST(seconds_of(wait) == 30);  // the address and the account
    wait = co_await t.locked_for(pool, "user:2", "a");
    BOOST_TEST(seconds_of(wait) == 60);  // the account's window is the younger
  });
}

BOOST_AUTO_TEST_CASE(success_clears_the_account_but_not_the_address) {
  throttle_database d;
  const login_throttle t({3, 5, 60s});
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    wait_type wait;
    co_await t.failed(pool, "user:1", "a");
    co_await t.failed(pool, "user:1", "a");
    co_await t.succeeded(pool, "user:1");
    co_await t.failed(pool, "user:1", "a");
    co_await t.failed(pool, "user:1", "a");
    wait = co_await t.locked_for(pool, "user:1", "a");
    BOOST_TEST(seconds_of(wait) == 0);  // the account has 2 since the success
    co_await t.succeeded(pool, "user:1");
    co_await t.failed(pool, "user:2", "a");
    wait = co_await t.locked_for(pool, "user:1", "a");
    BOOST_TEST(seconds_of(wait) > 0);  // the address has 5 now
    wait = co_await t.locked_for(pool, "user:3", "a");
    BOOST_TEST(seconds_of(wait) > 0);
    wait = co_await t.locked_for(pool, "user:1", "b");
    BOOST_TEST(seconds_of(wait) == 0);  // from elsewhere the account is free
  });
}

BOOST_AUTO_TEST_CASE(counting_sweeps_expired_rows_of_its_scope) {
  throttle_database d;
  const login_throttle logins({1, 1'000'000, 60s});
  const registration_throttle registrations(1, 60s);
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    wait_type wait;
    for (int i = 0; i < 20; ++i) co_await logins.failed(pool, "login:" + std::to_string(i), "a");
    for (int i = 0; i < 3; ++i) co_await registrations.admit(pool, "10.0.0." + std::to_string(i));
    d.age(61s);
    // Each count deletes up to 16 expired rows of each scope it counts in, and no other scope's.
    co_await logins.failed(pool, "login:new0", "b");
    BOOST_TEST(d.count("scope = 'login_account' AND key <> 'login:new0'") == "4");
    BOOST_TEST(d.count("scope = 'login_address' AND key = 'a'") == "0");
    BOOST_TEST(d.count("scope = 'registration'") == "3");
    co_await logins.failed(pool, "login:new1", "b");
    BOOST_TEST(d.count("scope LIKE 'login%'") == "3");  // login:new0, login:new1 and b
    co_await registrations.admit(pool, "10.0.0.9");
    BOOST_TEST(d.count("scope = 'registration'") == "1");
    // Expired or swept, old keys no longer count.
    wait = co_await logins.locked_for(pool, "login:1", "c");
    BOOST_TEST(seconds_of(wait) == 0);
    wait = co_await registrations.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);
  });
}

BOOST_AUTO_TEST_CASE(concurrent_failures_are_all_counted_without_deadlocks) {
  throttle_database d;
  const login_throttle t({1'000'000, 1'000'000, 60s});
  constexpr std::size_t attempts = 300;
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    // Accounts and addresses cross each other, so that concurrent statements share rows both ways.
    std::function<asio::awaitable<void>(std::size_t)> fail = [&](std::size_t i) -> asio::awaitable<void> {
      co_await t.failed(pool, "user:" + std::to_string(i % 5), "10.0.0." + std::to_string(i % 3));
    };
    co_await run_all(attempts, fail);
  });
  BOOST_TEST(query_value(d.url, "SELECT sum(events) FROM throttle_windows WHERE scope = 'login_account'") == "300");
  BOOST_TEST(query_value(d.url, "SELECT sum(events) FROM throttle_windows WHERE scope = 'login_address'") == "300");
}

BOOST_AUTO_TEST_CASE(an_address_may_register_its_limit_per_window) {
  throttle_database d;
  const registration_throttle t(3, 3600s);
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    wait_type wait;
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);
    d.age(10s);
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);
    d.age(10s);
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);
    d.age(10s);
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 3570);  // the window opened at the first one
    d.age(3569'500ms);
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 1);  // rounded up
    wait = co_await t.admit(pool, "10.0.0.2");
    BOOST_TEST(seconds_of(wait) == 0);  // other addresses are free
    d.age(500ms);
    // A new window once the old one has closed; refused attempts did not count.
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 0);
    wait = co_await t.admit(pool, "10.0.0.1");
    BOOST_TEST(seconds_of(wait) == 3600);
  });
}

BOOST_AUTO_TEST_CASE(racing_registrations_never_overshoot_the_limit) {
  throttle_database d;
  const registration_throttle t(100, 3600s);
  std::size_t admitted = 0, refused = 0;
  d.with_throttles([&](db::pool& pool) -> asio::awaitable<void> {
    std::function<asio::awaitable<void>(std::size_t)> attempt = [&](std::size_t) -> asio::awaitable<void> {
      const auto wait = co_await t.admit(pool, "10.0.0.1");
      if (!wait) ++admitted;
      if (wait && wait->count() >= 3599 && wait->count() <= 3600) ++refused;
    };
    co_await run_all(400, attempt);
  });
  BOOST_TEST(admitted == 100u);
  BOOST_TEST(refused == 300u);
}

BOOST_AUTO_TEST_SUITE_END()
