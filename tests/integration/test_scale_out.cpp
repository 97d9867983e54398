// Settings for scale-out, on the real binary and one PostgreSQL: DB_POOLER=transaction (statements
// unnamed, no session settings) serves every kind of call, including interactive transactions;
// with DATABASE_REPLICA_URLS, writes answer the primary's WAL position in X-Folio-LSN and a server
// that is not a replica serves no reads. scripts/cluster test runs the real topology (PgBouncer, a
// streaming replica, two instances behind HAProxy).
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <string>

#include "api_helpers.hpp"
#include "contents_api.hpp"
#include "db/lsn.hpp"
#include "harness.hpp"

namespace json = boost::json;
using namespace folio::test;

namespace {

response patch_content(http_client& client, std::int64_t id, const json::object& fields, const test_user& user,
                       const std::string& etag) {
  return send_json(client, http::verb::patch, content_path(id), fields,
                   {{"Authorization", "Bearer " + user.token}, {"If-Match", etag}});
}

folio::db::lsn position_of(const response& r) {
  auto parsed = folio::db::parse_lsn(std::string(r["X-Folio-LSN"]));
  BOOST_REQUIRE_MESSAGE(parsed, "X-Folio-LSN is \"" << r["X-Folio-LSN"] << "\"");
  return *parsed;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scale_out)

BOOST_AUTO_TEST_CASE(a_transaction_pooler_mode_serves_reads_writes_and_transactions) {
  const auto url = create_database();
  folio_process folio({url, {{"HASH_COST", "minimum"}, {"DB_POOLER", "transaction"}, {"DATABASE_DIRECT_URL", url}}});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  const json::value registration{{"username", "pooled"}, {"email", "pooled@example.test"}, {"password", "long enough"}};
  auto registered = send_json(client, http::verb::post, "/api/v1/auth/register", registration);
  BOOST_REQUIRE_EQUAL(registered.result_int(), 201);
  const test_user pooled{json_of(registered).at("user").at("id").as_int64(), "pooled",
                         std::string(json_of(registered).at("token").as_string())};

  const auto id = id_of(create_content(client, pooled, {{"title", "Through a pooler"}, {"status", "ongoing"}}));
  create_chapter(client, pooled, id, {{"title", "One"}, {"body", "text"}});
  const auto shown = client.get(content_path(id));
  BOOST_REQUIRE_EQUAL(shown.result_int(), 200);
  // If-Match runs an interactive transaction (BEGIN … COMMIT on one connection).
  const auto changed = patch_content(client, id, {{"title", "Changed"}}, pooled, std::string(shown[http::field::etag]));
  BOOST_TEST(changed.result_int() == 200);
  BOOST_TEST(
      patch_content(client, id, {{"title", "Lost"}}, pooled, std::string(shown[http::field::etag])).result_int() ==
      412);
  BOOST_TEST(object_of(client.get(content_path(id))).at("title").as_string() == "Changed");
  BOOST_TEST(json_of(client.get("/api/v1/contents")).at("items").as_array().size() == 1u);
  // No write carries a position without replicas.
  BOOST_TEST(changed["X-Folio-LSN"].empty());
  BOOST_TEST(folio.stop() == 0);
}

BOOST_AUTO_TEST_CASE(writes_carry_the_primary_position_and_a_server_not_in_recovery_serves_no_reads) {
  const auto url = create_database();
  // The "replica" is the primary itself: it answers, but it is not in recovery, so it must stay out
  // of the rotation and every read must be served by the primary.
  folio_process folio({url, {{"HASH_COST", "minimum"}, {"DATABASE_REPLICA_URLS", url}}});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  auto mira = make_user(url, "mira");
  const auto before = *folio::db::parse_lsn(query_value(url, "SELECT pg_current_wal_insert_lsn()::text"));
  auto created =
      send_json(client, http::verb::post, "/api/v1/contents", json::object{{"title", "Positioned"}}, mira.auth());
  BOOST_REQUIRE_EQUAL(created.result_int(), 201);
  const auto written = position_of(created);
  BOOST_TEST((written > before));
  const auto id = id_of(object_of(created));

  // A position from the future can only be met by the primary; the read still succeeds.
  // A draft: only its author sees it.
  auto as_mira_having_seen = [&](const std::string& position) {
    auto headers = mira.auth();
    headers["X-Folio-LSN"] = position;
    return client.request(http::verb::get, content_path(id), {}, headers);
  };
  BOOST_TEST(as_mira_having_seen("FFFFFFFF/0").result_int() == 200);
  BOOST_TEST(as_mira_having_seen(folio::db::format_lsn(written)).result_int() == 200);
  for (const char* bad : {"yesterday", "0/", "-1/0", "0/1 2"}) {
    auto refused = as_mira_having_seen(bad);
    BOOST_TEST(refused.result_int() == 400, bad);
    BOOST_TEST(refused[http::field::content_type] == "application/problem+json");
  }
  // Failed writes carry no position.
  auto unauthorised = send_json(client, http::verb::post, "/api/v1/contents", json::object{{"title", "No"}});
  BOOST_TEST(unauthorised.result_int() == 401);
  BOOST_TEST(unauthorised["X-Folio-LSN"].empty());

  const auto scrape = client.get("/metrics").body();
  const auto server = env_or_fail("FOLIO_TEST_PGHOST") + ":" + env_or_fail("FOLIO_TEST_PGPORT");
  BOOST_TEST(metric_sample(scrape, "folio_db_replica_up{replica=\"" + server + "\"}") == 0, scrape);
  BOOST_TEST(metric_sample(scrape, "folio_db_replica_in_rotation{replica=\"" + server + "\"}") == 0);
  BOOST_TEST(metric_sample(scrape, "folio_db_reads_total{server=\"primary\"}") >= 2);
  BOOST_TEST(metric_sample(scrape, "folio_db_reads_total{server=\"" + server + "\"}") == 0);
  BOOST_TEST(folio.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
