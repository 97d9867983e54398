#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "app/auth/registration_throttle.hpp"

using folio::app::registration_throttle;
using namespace std::chrono_literals;

namespace {

const auto t0 = registration_throttle::clock::time_point{} + 1000h;

}  // namespace

BOOST_AUTO_TEST_SUITE(registration_throttling)

BOOST_AUTO_TEST_CASE(an_address_may_register_its_limit_per_window) {
  registration_throttle t(3, 3600s);
  BOOST_TEST(!t.admit("10.0.0.1", t0));
  BOOST_TEST(!t.admit("10.0.0.1", t0 + 10s));
  BOOST_TEST(!t.admit("10.0.0.1", t0 + 20s));
  auto wait = t.admit("10.0.0.1", t0 + 30s);
  BOOST_REQUIRE(wait);
  BOOST_TEST(wait->count() == 3570);                                  // the window opened at the first registration
  BOOST_TEST(t.admit("10.0.0.1", t0 + 3599s + 500ms)->count() == 1);  // rounded up
  BOOST_TEST(!t.admit("10.0.0.2", t0 + 30s));                         // other addresses are free
  // A new window once the old one has closed; refused attempts did not count.
  BOOST_TEST(!t.admit("10.0.0.1", t0 + 3600s));
  BOOST_TEST(!t.admit("10.0.0.1", t0 + 3601s));
  BOOST_TEST(!t.admit("10.0.0.1", t0 + 3602s));
  BOOST_TEST(t.admit("10.0.0.1", t0 + 3603s).has_value());
}

BOOST_AUTO_TEST_CASE(racing_registrations_never_overshoot_the_limit) {
  registration_throttle t(100, 3600s);
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        if (!t.admit("10.0.0.1", t0)) ++admitted;
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(admitted.load() == 100);
}

BOOST_AUTO_TEST_SUITE_END()
