// PostgreSQL going away and coming back while folio runs.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <exception>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "harness.hpp"

using namespace folio::test;
using namespace std::chrono_literals;

namespace {

// Starts the cluster again however the test ends, once it has been stopped.
class cluster_stopped {
 public:
  cluster_stopped() { pg_ctl("stop -m fast"); }
  ~cluster_stopped() {
    if (!started_) {
      try {
        pg_ctl("start -w");
      } catch (const std::exception& e) {
        std::cerr << "could not restart the test cluster: " << e.what() << "\n";
      }
    }
  }
  void start() {
    pg_ctl("start -w");
    started_ = true;
  }
  cluster_stopped(const cluster_stopped&) = delete;
  cluster_stopped& operator=(const cluster_stopped&) = delete;

 private:
  bool started_ = false;
};

std::optional<response> try_get(int port, const std::string& target) {
  try {
    http_client client(port);
    return client.get(target);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

int status_of(const std::optional<response>& r) { return r ? static_cast<int>(r->result_int()) : -1; }

// Polls GET target until `accept` holds for a response, at most `patience`; returns that response.
std::optional<response> poll_until(int port, const std::string& target, std::function<bool(const response&)> accept,
                                   std::chrono::milliseconds patience) {
  const auto give_up = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < give_up) {
    if (auto r = try_get(port, target); r && accept(*r)) return r;
    std::this_thread::sleep_for(50ms);  // polling an observable condition
  }
  return std::nullopt;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(restart)

BOOST_AUTO_TEST_CASE(readyz_follows_the_database_down_and_back_up) {
  folio_process folio({create_database()});
  BOOST_REQUIRE(folio.wait_until_serving());
  // Readiness may lag liveness by the time the serving pool takes to connect.
  BOOST_REQUIRE(poll_until(
      folio.port(), "/readyz", [](const response& r) { return r.result_int() == 200; }, 10s));

  {
    cluster_stopped down;

    auto unready = poll_until(
        folio.port(), "/readyz", [](const response& r) { return r.result_int() == 503; }, 10s);
    BOOST_REQUIRE_MESSAGE(unready, "/readyz never reported the database gone");
    BOOST_TEST((*unready)[http::field::content_type] == "application/problem+json");
    BOOST_TEST(json_of(*unready).at("code").as_string() == "unavailable");
    BOOST_TEST(!(*unready)[http::field::retry_after].empty());
    // Liveness does not depend on the database.
    BOOST_TEST(status_of(try_get(folio.port(), "/healthz")) == 200);

    down.start();
  }

  auto ready = poll_until(
      folio.port(), "/readyz", [](const response& r) { return r.result_int() == 200; }, 15s);
  BOOST_TEST(ready.has_value(), "/readyz did not recover within 15 s");
  BOOST_TEST(folio.stop() == 0);  // the same process all along, and it still shuts down cleanly
}

// Each event loop serves from a pool of its own, and a client's next connection may land on any
// loop: /readyz is 200 only once every loop's pool has connected. Here the role may hold one
// connection, so of two loops with one connection each, one cannot connect until the limit rises.
BOOST_AUTO_TEST_CASE(readyz_waits_for_the_pool_of_every_loop) {
  const auto admin_url = create_database();
  const auto database = query_value(admin_url, "SELECT current_database()");
  const auto role = database + "_owner";
  query_value(admin_url, "CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 1");
  query_value(admin_url, "ALTER DATABASE " + database + " OWNER TO " + role);
  const auto url = "postgresql://" + role + "@/" + database + "?host=" + env_or_fail("FOLIO_TEST_PGHOST") +
                   "&port=" + env_or_fail("FOLIO_TEST_PGPORT");
  folio_process folio({url, {{"THREADS", "2"}, {"DB_POOL_SIZE", "2"}, {"HASH_COST", "minimum"}}});
  auto healthy_connections = [&] {
    const auto scrape = try_get(folio.port(), "/metrics");
    if (!scrape || scrape->result_int() != 200) return -1.0;
    return metric_sample(scrape->body(), "folio_db_pool_busy") + metric_sample(scrape->body(), "folio_db_pool_idle");
  };
  // Each request on a new connection: the kernel spreads them over both loops' listeners.
  auto answers_other_than = [&](int expected) {
    int others = 0;
    for (int i = 0; i < 20; ++i) others += status_of(try_get(folio.port(), "/readyz")) != expected;
    return others;
  };
  BOOST_REQUIRE(poll_until(
      folio.port(), "/healthz", [](const response& r) { return r.result_int() == 200; }, 10s));
  const auto one_loop_connected = [&] { return healthy_connections() == 1; };
  for (auto give_up = std::chrono::steady_clock::now() + 10s; !one_loop_connected();) {
    BOOST_REQUIRE_MESSAGE(std::chrono::steady_clock::now() < give_up, "no loop's pool connected");
    std::this_thread::sleep_for(50ms);  // polling an observable condition
  }
  BOOST_TEST(answers_other_than(503) == 0);

  query_value(admin_url, "ALTER ROLE " + role + " CONNECTION LIMIT 4");
  // The other loop's pool connects at its next attempt (backoff at most 5 s).
  const auto ready = poll_until(
      folio.port(), "/readyz", [](const response& r) { return r.result_int() == 200; }, 15s);
  BOOST_TEST(ready.has_value());
  BOOST_TEST(healthy_connections() == 2);
  BOOST_TEST(answers_other_than(200) == 0);
  BOOST_TEST(folio.stop() == 0);
  query_value(admin_url, "REASSIGN OWNED BY " + role + " TO " + env_or_fail("FOLIO_TEST_PGUSER"));
  query_value(cluster_url("postgres"), "DROP ROLE " + role);
}

BOOST_AUTO_TEST_SUITE_END()
