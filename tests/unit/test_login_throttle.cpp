#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "app/auth/login_throttle.hpp"

using folio::app::login_throttle;
using namespace std::chrono_literals;

namespace {

const auto t0 = login_throttle::clock::time_point{} + 1000h;

login_throttle make(std::size_t per_account = 3, std::size_t per_address = 5) {
  return login_throttle({per_account, per_address, 60s});
}

void fail_times(login_throttle& t, const std::string& account, const std::string& address, int n,
                login_throttle::clock::time_point at = t0) {
  for (int i = 0; i < n; ++i) t.failed(account, address, at);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(login_throttling)

BOOST_AUTO_TEST_CASE(an_account_locks_at_its_limit_until_the_window_closes) {
  auto t = make();
  fail_times(t, "user:1", "10.0.0.1", 2);
  BOOST_TEST(!t.locked_for("user:1", "10.0.0.1", t0));
  t.failed("user:1", "10.0.0.1", t0 + 10s);
  auto wait = t.locked_for("user:1", "10.0.0.2", t0 + 10s);  // from any address
  BOOST_REQUIRE(wait);
  BOOST_TEST(wait->count() == 50);  // the window opened at the first failure
  BOOST_TEST(t.locked_for("user:1", "10.0.0.2", t0 + 59s + 500ms)->count() == 1);  // rounded up
  BOOST_TEST(!t.locked_for("user:1", "10.0.0.2", t0 + 60s));
  BOOST_TEST(!t.locked_for("user:2", "10.0.0.1", t0 + 10s));  // other accounts are free
}

BOOST_AUTO_TEST_CASE(a_new_window_starts_after_the_old_one_closes) {
  auto t = make();
  fail_times(t, "user:1", "a", 2);
  fail_times(t, "user:1", "a", 2, t0 + 61s);  // the first two have expired
  BOOST_TEST(!t.locked_for("user:1", "a", t0 + 61s));
  t.failed("user:1", "a", t0 + 62s);
  BOOST_TEST(t.locked_for("user:1", "a", t0 + 62s)->count() == 59);
}

BOOST_AUTO_TEST_CASE(an_address_locks_across_accounts) {
  auto t = make(3, 5);
  for (int i = 0; i < 5; ++i) t.failed("login:guess" + std::to_string(i), "10.0.0.9", t0);
  BOOST_TEST(t.locked_for("user:7", "10.0.0.9", t0 + 1s)->count() == 59);
  BOOST_TEST(!t.locked_for("user:7", "10.0.0.8", t0 + 1s));
}

BOOST_AUTO_TEST_CASE(the_longer_of_both_locks_is_reported) {
  auto t = make(1, 2);
  t.failed("user:1", "a", t0);
  t.failed("user:2", "a", t0 + 30s);
  BOOST_TEST(t.locked_for("user:1", "a", t0 + 30s)->count() == 30);  // the address: 60 - 30 = 30 … and the account
  BOOST_TEST(t.locked_for("user:2", "a", t0 + 31s)->count() == 59);  // the account's window is the younger
}

BOOST_AUTO_TEST_CASE(success_clears_the_account_but_not_the_address) {
  auto t = make(3, 5);
  fail_times(t, "user:1", "a", 2);
  t.succeeded("user:1");
  fail_times(t, "user:1", "a", 2);
  BOOST_TEST(!t.locked_for("user:1", "a", t0));  // the account has 2 since the success; the address 4
  t.succeeded("user:1");
  BOOST_TEST(!t.locked_for("user:1", "a", t0));
  t.failed("user:2", "a", t0);
  BOOST_TEST(t.locked_for("user:1", "a", t0).has_value());  // the address has 5 now
  BOOST_TEST(t.locked_for("user:3", "a", t0).has_value());
  BOOST_TEST(!t.locked_for("user:1", "b", t0));  // from elsewhere the account is free
}

BOOST_AUTO_TEST_CASE(expired_entries_are_swept) {
  auto t = make(1, 1'000'000);
  for (int i = 0; i < 5000; ++i) t.failed("login:" + std::to_string(i), "a", t0);
  // Long after the window, new failures sweep the old keys: they no longer count (or cost memory).
  for (int i = 0; i < 5000; ++i) t.failed("login:new" + std::to_string(i), "b", t0 + 2h);
  BOOST_TEST(!t.locked_for("login:1", "b", t0 + 2h));
  BOOST_TEST(t.locked_for("login:new1", "b", t0 + 2h).has_value());
}

BOOST_AUTO_TEST_CASE(is_safe_to_share_between_threads) {
  auto t = make(1'000'000, 1'000'000);
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n) {
    threads.emplace_back([&t, n] {
      for (int i = 0; i < 2000; ++i) {
        t.failed("user:" + std::to_string(i % 50), "10.0.0." + std::to_string(n), t0);
        t.locked_for("user:" + std::to_string(i % 50), "10.0.0." + std::to_string(n), t0);
        if (i % 7 == 0) t.succeeded("user:" + std::to_string(i % 50));
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(!t.locked_for("user:1", "10.0.0.1", t0));
}

BOOST_AUTO_TEST_SUITE_END()
