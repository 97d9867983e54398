#include <boost/test/unit_test.hpp>

#include "harness.hpp"

using namespace folio::test;

BOOST_AUTO_TEST_SUITE(health)

BOOST_AUTO_TEST_CASE(healthz_and_readyz_answer_once_migrated) {
  folio_process folio({create_database()});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  auto health = client.get("/healthz");
  BOOST_TEST(health.result_int() == 200);
  BOOST_TEST(json_of(health).at("status").as_string() == "ok");
  auto ready = client.get("/readyz");
  BOOST_TEST(ready.result_int() == 200);
  BOOST_TEST(json_of(ready).at("status").as_string() == "ready");
  BOOST_TEST(!ready["X-Request-Id"].empty());
  BOOST_TEST(folio.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
