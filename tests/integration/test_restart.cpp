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

BOOST_AUTO_TEST_SUITE_END()
