// GET /metrics and the access log, against the real binary: the counters move with the requests
// sent, the scrape passes Prometheus's own `promtool check metrics`, and every answered request
// gets one access line naming its route and caller, and no secret.
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "api_helpers.hpp"
#include "harness.hpp"

namespace json = boost::json;
using namespace folio::test;

namespace {

using samples = std::map<std::string, double>;

// Every sample of a scrape, keyed by its series as written (`name{labels}`).
samples parse_samples(const std::string& text) {
  samples out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

double value_or_zero(const samples& s, const std::string& series) {
  auto it = s.find(series);
  return it == s.end() ? 0 : it->second;
}

// Runs Prometheus's linter on a scrape; its verdict and what it said.
std::pair<int, std::string> promtool_check(const std::string& scrape) {
  const std::string path = "/tmp/folio-metrics-" + std::to_string(::getpid()) + ".txt";
  std::ofstream(path) << scrape;
  const std::string command = "promtool check metrics < " + path + " 2>&1";
  std::string said;
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE_MESSAGE(pipe, "cannot run promtool");
  char chunk[4096];
  for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0;) said.append(chunk, n);
  const int status = ::pclose(pipe);
  std::remove(path.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, said};
}

// The access line of the request with this id, parsed.
json::object access_line(const std::string& log, const std::string& request_id) {
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\"request_id\":\"" + request_id + "\"") != std::string::npos) return json::parse(line).as_object();
  }
  BOOST_FAIL("no access line for " << request_id << " in:\n" << log);
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(counters_move_with_the_requests_and_promtool_accepts_the_scrape) {
  folio_process folio({create_database(), {{"HASH_COST", "minimum"}}});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  const auto before = parse_samples(client.get("/metrics").body());

  for (int i = 0; i < 5; ++i) BOOST_TEST(client.get("/healthz").result_int() == 200);
  BOOST_TEST(client.get("/api/v1/contents/999999").result_int() == 404);
  const auto wrong_method = client.request(http::verb::post, "/metrics");
  BOOST_TEST(wrong_method.result_int() == 405);
  BOOST_TEST(wrong_method[http::field::allow] == "GET");
  const json::value registration{
      {"username", "counted"}, {"email", "counted@example.test"}, {"password", "long enough"}};
  BOOST_TEST(send_json(client, http::verb::post, "/api/v1/auth/register", registration).result_int() == 201);
  BOOST_TEST(send_json(client, http::verb::post, "/api/v1/auth/register", registration).result_int() == 409);

  const auto scrape = client.get("/metrics");
  BOOST_TEST(scrape.result_int() == 200);
  BOOST_TEST(scrape[http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
  BOOST_TEST(!scrape["X-Request-Id"].empty());
  const auto after = parse_samples(scrape.body());
  auto moved = [&](const std::string& series) { return value_or_zero(after, series) - value_or_zero(before, series); };

  BOOST_TEST(moved(R"(folio_http_requests_total{route="/healthz",method="GET",status="200"})") == 5);
  BOOST_TEST(moved(R"(folio_http_request_duration_seconds_count{route="/healthz",method="GET"})") == 5);
  BOOST_TEST(moved(R"(folio_http_request_duration_seconds_bucket{route="/healthz",method="GET",le="+Inf"})") == 5);
  BOOST_TEST(moved(R"(folio_http_requests_total{route="/api/v1/contents/{content}",method="GET",status="404"})") == 1);
  BOOST_TEST(moved(R"(folio_http_requests_total{route="unrouted",method="POST",status="405"})") == 1);
  BOOST_TEST(moved(R"(folio_http_requests_total{route="/api/v1/auth/register",method="POST",status="201"})") == 1);
  BOOST_TEST(moved(R"(folio_http_requests_total{route="/api/v1/auth/register",method="POST",status="409"})") == 1);
  // The taken username fails its insert on the unique index: SQLSTATE 23505.
  BOOST_TEST(moved(R"(folio_db_sqlstate_errors_total{class="23"})") == 1);
  BOOST_TEST(moved(R"(folio_db_errors_total{kind="server"})") == 1);
  BOOST_TEST(moved("folio_db_call_duration_seconds_count") >= 3);
  BOOST_TEST(value_or_zero(after, "folio_http_requests_in_flight") == 1, "the scrape itself");
  BOOST_TEST(value_or_zero(after, "folio_http_connections_open") >= 1);
  BOOST_TEST(value_or_zero(after, "folio_db_pool_size") == 4);
  // The pool serves once one connection is up and opens the others meanwhile: healthy ones are
  // idle or busy, at least the one that served, at most the pool's size.
  const auto healthy = value_or_zero(after, "folio_db_pool_idle") + value_or_zero(after, "folio_db_pool_busy");
  BOOST_TEST(healthy >= 1);
  BOOST_TEST(healthy <= 4);
  BOOST_TEST(value_or_zero(after, "process_resident_memory_bytes") > 0);
  BOOST_TEST(value_or_zero(after, "process_open_fds") > 0);
  BOOST_TEST(value_or_zero(after, "process_start_time_seconds") > 1.7e9);
  for (const auto* name : {"folio_http_requests_shed_total", "folio_db_pool_waiting", "folio_db_pipeline_depth",
                           "folio_db_reconnects_total", "folio_hash_queue_depth", "folio_log_lines_dropped_total",
                           "process_cpu_seconds_total", "process_max_fds"})
    BOOST_TEST(after.count(name) == 1u, name << " is missing");

  const auto [verdict, said] = promtool_check(scrape.body());
  BOOST_TEST(verdict == 0, "promtool check metrics:\n" << said << "\non:\n" << scrape.body());
  BOOST_TEST(folio.stop() == 0);
}

BOOST_AUTO_TEST_CASE(access_lines_name_route_status_and_caller_and_never_a_secret) {
  const auto url = create_database();
  folio_process folio({url, {{"HASH_COST", "minimum"}, {"LOG_LEVEL", "info"}}});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  const std::string password = "a password never logged";
  const json::value registration{{"username", "logged"}, {"email", "logged@example.test"}, {"password", password}};
  const auto registered =
      send_json(client, http::verb::post, "/api/v1/auth/register", registration, {{"X-Request-Id", "probe-register"}});
  BOOST_REQUIRE_EQUAL(registered.result_int(), 201);
  const std::string token(json_of(registered).at("token").as_string());
  const auto user_id = json_of(registered).at("user").at("id").as_int64();
  const json::value login{{"login", "logged"}, {"password", password}};
  BOOST_TEST(send_json(client, http::verb::post, "/api/v1/auth/login", login, {{"X-Request-Id", "probe-login"}})
                 .result_int() == 200);
  const std::string cookie = "session=cookie-value-never-logged";
  const auto me =
      client.request(http::verb::get, "/api/v1/me", {},
                     {{"Authorization", "Bearer " + token}, {"Cookie", cookie}, {"X-Request-Id", "probe-me"}});
  BOOST_TEST(me.result_int() == 200);
  BOOST_TEST(client.request(http::verb::get, "/nowhere", {}, {{"X-Request-Id", "probe-404"}}).result_int() == 404);
  BOOST_TEST(folio.stop() == 0);  // the log writer drains its queue before the process exits

  const auto log = folio.log();
  const auto line = access_line(log, "probe-me");
  BOOST_TEST(line.at("level").as_string() == "info");
  BOOST_TEST(line.at("msg").as_string() == "request");
  BOOST_TEST(line.at("method").as_string() == "GET");
  BOOST_TEST(line.at("route").as_string() == "/api/v1/me");
  BOOST_TEST(line.at("status").as_int64() == 200);
  BOOST_TEST(line.at("user_id").as_int64() == user_id);
  BOOST_TEST(line.at("bytes").as_int64() == static_cast<std::int64_t>(me.body().size()));
  BOOST_TEST(line.at("duration_ms").is_number());
  BOOST_TEST(!line.at("ts").as_string().empty());
  BOOST_TEST(access_line(log, "probe-login").at("user_id").as_int64() == user_id);
  const auto stray = access_line(log, "probe-404");
  BOOST_TEST(stray.at("route").as_string() == "unrouted");
  BOOST_TEST(stray.at("status").as_int64() == 404);
  BOOST_TEST(!stray.contains("user_id"), "an anonymous request names no user");
  for (const auto& secret : {password, token, cookie, std::string("cookie-value"), std::string("Bearer ")})
    BOOST_TEST(log.find(secret) == std::string::npos, "the log holds " << secret << ":\n" << log);
}

BOOST_AUTO_TEST_CASE(log_format_text_writes_logfmt_lines) {
  folio_process folio({create_database(), {{"LOG_LEVEL", "info"}, {"LOG_FORMAT", "text"}}});
  BOOST_REQUIRE(folio.wait_until_serving());
  http_client client(folio.port());
  BOOST_TEST(client.request(http::verb::get, "/healthz", {}, {{"X-Request-Id", "text-probe"}}).result_int() == 200);
  BOOST_TEST(folio.stop() == 0);
  const auto log = folio.log();
  BOOST_TEST(log.find(" level=info msg=request request_id=text-probe method=GET route=/healthz status=200 ") !=
                 std::string::npos,
             log);
  BOOST_TEST(log.find("msg=listening") != std::string::npos, log);
}

BOOST_AUTO_TEST_SUITE_END()
