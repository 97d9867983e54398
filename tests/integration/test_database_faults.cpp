// Database faults: a database that stops answering (through a TCP proxy that stalls), the cap on
// transactions, serialization failures retried once, a bad DATABASE_URL, and secrets kept out of
// everything folio prints.
#include <boost/test/unit_test.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/describe.hpp>
#include <boost/json.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "db/error.hpp"
#include "db/pool.hpp"
#include "db/row.hpp"
#include "harness.hpp"
#include "pool_runner.hpp"

namespace asio = boost::asio;
namespace db = folio::db;
namespace json = boost::json;
using namespace std::chrono_literals;
using namespace folio::test;
using clock_type = std::chrono::steady_clock;
using env_map = std::map<std::string, std::string>;

namespace {

long long ms(clock_type::duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

// --- a TCP proxy in front of the test cluster's Unix socket that can stop forwarding ---------

// Listens on 127.0.0.1 (a free port) and forwards every connection to the cluster's Unix socket,
// on its own thread. stall() stops forwarding in both directions without closing anything (bytes
// and end-of-stream wait inside the proxy, as on a network that drops every packet); heal()
// forwards again, what waited first.
class stalling_proxy {
 public:
  stalling_proxy()
      : target_(env_or_fail("FOLIO_TEST_PGHOST") + "/.s.PGSQL." + env_or_fail("FOLIO_TEST_PGPORT")),
        acceptor_(context_, {asio::ip::make_address("127.0.0.1"), 0}),
        gate_(context_, asio::steady_timer::time_point::max()) {
    asio::co_spawn(context_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { context_.run(); });
  }
  ~stalling_proxy() {
    context_.stop();
    thread_.join();
  }
  stalling_proxy(const stalling_proxy&) = delete;
  stalling_proxy& operator=(const stalling_proxy&) = delete;

  int port() const { return acceptor_.local_endpoint().port(); }
  // Both return once the proxy's thread has applied the change.
  void stall() {
    on_proxy_thread([this] { stalled_ = true; });
  }
  void heal() {
    on_proxy_thread([this] {
      stalled_ = false;
      gate_.cancel();  // wakes every pump waiting at the gate
    });
  }
  // Client connections accepted and not yet closed.
  int open_sessions() const { return open_sessions_.load(); }

 private:
  using tcp = asio::ip::tcp;
  using unix_socket = asio::local::stream_protocol::socket;

  struct session {
    session(tcp::socket accepted, asio::io_context& context) : client(std::move(accepted)), server(context) {}
    tcp::socket client;
    unix_socket server;
    bool closed = false;
  };

  void on_proxy_thread(std::function<void()> change) {
    std::promise<void> done;
    asio::post(context_, [&] {
      change();
      done.set_value();
    });
    done.get_future().wait();
  }

  asio::awaitable<void> pass_gate() {
    while (stalled_) co_await gate_.async_wait(asio::as_tuple(asio::use_awaitable));
  }

  void close(session& s) {
    if (s.closed) return;
    s.closed = true;
    boost::system::error_code ignored;
    s.client.close(ignored);
    s.server.close(ignored);
    --open_sessions_;
  }

  // Copies from one side to the other; whatever it read (bytes, end of stream, an error) passes
  // the gate before it has any effect on the other side.
  template <class From, class To>
  asio::awaitable<void> pump(std::shared_ptr<session> s, From& from, To& to) {
    std::array<char, 16384> buffer;
    for (;;) {
      co_await pass_gate();
      auto [read_error, n] = co_await from.async_read_some(asio::buffer(buffer), asio::as_tuple(asio::use_awaitable));
      co_await pass_gate();
      if (read_error || s->closed) break;
      auto [write_error, written] =
          co_await asio::async_write(to, asio::buffer(buffer.data(), n), asio::as_tuple(asio::use_awaitable));
      if (write_error) break;
    }
    close(*s);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, client] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      auto s = std::make_shared<session>(std::move(client), context_);
      ++open_sessions_;
      boost::system::error_code connect_error;
      s->server.connect(asio::local::stream_protocol::endpoint(target_), connect_error);
      if (connect_error) {
        close(*s);
        continue;
      }
      asio::co_spawn(context_, pump(s, s->client, s->server), asio::detached);
      asio::co_spawn(context_, pump(s, s->server, s->client), asio::detached);
    }
  }

  std::string target_;
  asio::io_context context_;
  tcp::acceptor acceptor_;
  asio::steady_timer gate_;
  bool stalled_ = false;  // only touched on the proxy's thread
  std::atomic<int> open_sessions_{0};
  std::thread thread_;
};

// The database name in a URL made by create_database().
std::string database_name(const std::string& url) {
  const auto start = url.find("@/") + 2;
  return url.substr(start, url.find('?') - start);
}

// The same database through the proxy, over TCP, with a password the trust-auth cluster never asks
// for (libpq sends it only when asked).
std::string proxied_url(const stalling_proxy& proxy, const std::string& url, const std::string& password) {
  return "postgresql://" + env_or_fail("FOLIO_TEST_PGUSER") + ":" + password +
         "@127.0.0.1:" + std::to_string(proxy.port()) + "/" + database_name(url);
}

// folio's sessions on the real server (not through the proxy), seen from another session.
struct folio_sessions {
  int active = -1;  // running a statement now
  int total = -1;
  std::string active_queries;
};

folio_sessions sessions_of(const std::string& url) {
  const auto name = database_name(url);
  const std::string where = " FROM pg_stat_activity WHERE datname = '" + name +
                            "' AND application_name = 'folio' AND pid <> pg_backend_pid()";
  folio_sessions s;
  const auto counts = query_value(cluster_url("postgres"),
                                  "SELECT count(*) FILTER (WHERE state = 'active') || ' ' || count(*)" + where);
  s.active = std::stoi(counts.substr(0, counts.find(' ')));
  s.total = std::stoi(counts.substr(counts.find(' ') + 1));
  s.active_queries = query_value(cluster_url("postgres"),
                                 "SELECT coalesce(string_agg(query, ' | '), '')" + where + " AND state = 'active'");
  return s;
}

// Polls `condition` (blocking; no event loop here) until it holds, at most `patience`.
bool poll_until(std::function<bool()> condition, std::chrono::milliseconds patience) {
  const auto give_up = clock_type::now() + patience;
  for (;;) {
    if (condition()) return true;
    if (clock_type::now() > give_up) return false;
    std::this_thread::sleep_for(20ms);  // polling an observable condition
  }
}

std::optional<response> try_request(int port, http::verb method, const std::string& target,
                                    const std::string& body = {}, const env_map& headers = {}) {
  try {
    http_client client(port);
    return client.request(method, target, body, headers);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<response> try_get(int port, const std::string& target, const env_map& headers = {}) {
  return try_request(port, http::verb::get, target, {}, headers);
}

int status_of(const std::optional<response>& r) { return r ? static_cast<int>(r->result_int()) : -1; }

// --- the pool in-process --------------------------------------------------------------------

constexpr db::statement echo = db::checked_statement<n_row>("faults_echo", "SELECT $1::bigint AS n");
constexpr db::statement sleep_for = {"faults_sleep", "SELECT pg_sleep($1::int)"};

// Polls an observable condition with a bounded deadline, without blocking the loop between checks.
// A template, so that callers pass a named lambda as is (no temporary inside their co_await).
template <class Condition>
asio::awaitable<bool> eventually(const Condition& condition, std::chrono::milliseconds patience) {
  asio::steady_timer tick(co_await asio::this_coro::executor);
  const auto give_up = clock_type::now() + patience;
  while (!condition()) {
    if (clock_type::now() > give_up) co_return false;
    tick.expires_after(10ms);
    co_await tick.async_wait(asio::use_awaitable);
  }
  co_return true;
}

// Lets every coroutine spawned so far run up to its first suspension.
asio::awaitable<void> yield() { co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable); }

// The db_error a call ends with, if any.
struct call_outcome {
  std::optional<std::int64_t> value;
  std::optional<db::db_error> error;
  clock_type::duration took{};
};

asio::awaitable<call_outcome> timed_echo(db::pool& pool, std::int64_t n) {
  call_outcome outcome;
  const auto start = clock_type::now();
  try {
    outcome.value = value_of(co_await pool.execute(echo, n));
  } catch (const db::db_error& e) {
    outcome.error = e;
  }
  outcome.took = clock_type::now() - start;
  co_return outcome;
}

bool is_kind(const std::optional<db::db_error>& e, db::db_error::kind k) {
  return e && static_cast<int>(e->error_kind()) == static_cast<int>(k);
}

// --- the folio binary -----------------------------------------------------------------------

const std::string user_password = "user-pw-Tq8vZ3kP1x";
const std::string database_password = "db-pw-Wm4nR7sJ2y";

env_map stall_settings(env_map extra = {}) {
  extra.try_emplace("DB_POOL_SIZE", "2");
  extra.try_emplace("DB_CALL_TIMEOUT_MS", "1000");
  extra.try_emplace("DB_STATEMENT_TIMEOUT_MS", "400");  // so that the call deadline in force is 1000
  extra.try_emplace("DB_CONNECT_TIMEOUT_MS", "1000");
  extra.try_emplace("HASH_COST", "minimum");
  return extra;
}

// Waits until folio listens and /readyz is 200 (its pool has connected).
void require_ready(const folio_process& folio) {
  const bool ready = poll_until([&] { return status_of(try_get(folio.port(), "/readyz")) == 200; }, 15s);
  BOOST_REQUIRE_MESSAGE(ready, "folio never became ready; its log:\n" << folio.log());
}

// An answer that says the database is unavailable, as the API promises.
void check_unavailable(const std::optional<response>& r, const std::string& what) {
  BOOST_REQUIRE_MESSAGE(r.has_value(), what << ": no answer");
  BOOST_TEST(r->result_int() == 503u, what << ": status " << r->result_int());
  BOOST_TEST(!(*r)[http::field::retry_after].empty(), what << ": no Retry-After");
  BOOST_TEST((*r)[http::field::content_type] == "application/problem+json", what);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database_faults)

// Item 3 of the issue: a database that stops answering without closing anything is noticed
// within DB_CALL_TIMEOUT_MS, answered 503, reported by /readyz, and left behind cleanly.
BOOST_AUTO_TEST_CASE(stalled_database_answers_503_within_the_deadline_and_recovers_without_leaks) {
  const auto url = create_database();
  stalling_proxy proxy;
  folio_process folio({proxied_url(proxy, url, database_password), stall_settings()});
  BOOST_REQUIRE(folio.wait_until_serving());
  require_ready(folio);
  BOOST_REQUIRE_EQUAL(status_of(try_get(folio.port(), "/api/v1/contents")), 200);

  proxy.stall();
  // Every call that needs the database gets its 503 within about the deadline (1 s, checked every
  // 250 ms), never the 10 s request timeout: first the two connections are found dead, then the
  // pool has none and answers at once.
  for (int i = 0; i < 4; ++i) {
    const auto start = clock_type::now();
    auto r = try_get(folio.port(), "/api/v1/contents");
    const auto took = ms(clock_type::now() - start);
    BOOST_TEST_MESSAGE("call " << i << " during the stall: " << status_of(r) << " after " << took << " ms");
    check_unavailable(r, "call " + std::to_string(i) + " during the stall");
    BOOST_TEST(took < 3000, "call " << i << " during the stall took " << took << " ms");
  }
  const bool unready = poll_until([&] { return status_of(try_get(folio.port(), "/readyz")) == 503; }, 10s);
  BOOST_TEST(unready, "/readyz never reported the stalled database");
  check_unavailable(try_get(folio.port(), "/readyz"), "/readyz during the stall");
  BOOST_TEST(status_of(try_get(folio.port(), "/healthz")) == 200);  // alive all along

  proxy.heal();
  const bool ready = poll_until([&] { return status_of(try_get(folio.port(), "/readyz")) == 200; }, 15s);
  BOOST_REQUIRE_MESSAGE(ready, "/readyz did not recover within 15 s of the heal");
  const bool serving = poll_until([&] { return status_of(try_get(folio.port(), "/api/v1/contents")) == 200; }, 5s);
  BOOST_TEST(serving, "the API did not recover");

  // Once idle: exactly DB_POOL_SIZE folio sessions on the server, none running a statement, and
  // the proxy carries exactly those (the dropped connections and abandoned connects are gone).
  folio_sessions seen;
  const bool settled = poll_until(
      [&] {
        seen = sessions_of(url);
        return seen.active == 0 && seen.total == 2 && proxy.open_sessions() == 2;
      },
      10s);
  BOOST_TEST(settled, "folio sessions on the server: " << seen.total << " (" << seen.active
                                                       << " active: " << seen.active_queries
                                                       << "), through the proxy: " << proxy.open_sessions());
  BOOST_TEST(folio.stop() == 0);  // the same process all along, and it still shuts down cleanly
}

// The same through db::pool directly, with a statement running on the server when the network
// stalls: its caller fails within the deadline, and once the network is back the server does not
// go on running the statement for a client that left (statement_timeout here is 60 s).
BOOST_AUTO_TEST_CASE(pool_drops_a_stalled_connection_and_leaves_no_statement_running) {
  const auto url = create_database();
  stalling_proxy proxy;
  auto settings = settings_for(proxied_url(proxy, url, database_password), 2);
  settings.connection.call_timeout = 1000ms;
  settings.connection.connect_timeout = 1000ms;
  settings.acquire_timeout = 1000ms;
  settings.backoff_initial = 50ms;
  settings.backoff_max = 500ms;

  std::optional<db::db_error> long_error;
  clock_type::duration long_took{};
  std::vector<call_outcome> during;
  bool saw_unready = false, recovered = false;
  std::optional<std::int64_t> after;
  const std::vector<const db::statement*> statements{&echo, &sleep_for};
  auto body = [&](db::pool& pool) -> asio::awaitable<void> {
    auto all_healthy = [&] { return pool.stats().healthy == 2; };
    const bool all_healthy_held = co_await eventually(all_healthy, 10s);
    BOOST_REQUIRE(all_healthy_held);
    bool long_done = false;
    auto long_call = [&]() -> asio::awaitable<void> {
      const auto start = clock_type::now();
      try {
        co_await pool.execute(sleep_for, 20);
      } catch (const db::db_error& e) {
        long_error = e;
      }
      long_took = clock_type::now() - start;
      long_done = true;
    };
    asio::co_spawn(co_await asio::this_coro::executor, long_call, asio::detached);
    // The statement runs on the server (seen from another session), then the network stalls.
    auto running = [&] { return sessions_of(url).active == 1; };
    const bool running_held = co_await eventually(running, 5s);
    BOOST_REQUIRE(running_held);
    proxy.stall();
    auto long_failed = [&] { return long_done; };
    const bool long_failed_held = co_await eventually(long_failed, 5s);
    BOOST_REQUIRE(long_failed_held);

    // Calls made during the stall fail within about the deadline, never hang; the pool soon
    // knows it has no connection.
    for (int i = 0; i < 3; ++i) during.push_back(co_await timed_echo(pool, i));
    auto unready = [&] { return !pool.ready(); };
    saw_unready = co_await eventually(unready, 5s);
    during.push_back(co_await timed_echo(pool, 99));

    proxy.heal();
    auto ready = [&] { return pool.ready() && pool.stats().healthy == 2; };
    recovered = co_await eventually(ready, 10s);
    after = (co_await timed_echo(pool, 42)).value;
  };
  with_pool(settings, statements, body);

  BOOST_TEST(is_kind(long_error, db::db_error::kind::connection));
  BOOST_TEST(ms(long_took) < 4000, "the call running at the stall failed after " << ms(long_took) << " ms");
  for (std::size_t i = 0; i < during.size(); ++i) {
    BOOST_TEST(!during[i].value.has_value(), "call " << i << " succeeded during the stall");
    BOOST_TEST((is_kind(during[i].error, db::db_error::kind::connection) ||
                is_kind(during[i].error, db::db_error::kind::unavailable)),
               "call " << i << " during the stall: " << (during[i].error ? during[i].error->what() : "no error"));
    BOOST_TEST(ms(during[i].took) < 3000, "call " << i << " during the stall took " << ms(during[i].took) << " ms");
  }
  BOOST_TEST(saw_unready);
  BOOST_TEST(ms(during.back().took) < 100);  // with no connection, at once
  BOOST_TEST(recovered);
  BOOST_TEST(after.value_or(-1) == 42);

  // The pool is stopped: no folio session is left, and none still runs pg_sleep(20).
  folio_sessions seen;
  const bool settled = poll_until(
      [&] {
        seen = sessions_of(url);
        return seen.active == 0 && seen.total == 0;
      },
      5s);
  BOOST_TEST(settled, "folio sessions left on the server: " << seen.total << " (" << seen.active
                                                            << " active: " << seen.active_queries << ")");
}

// Item 4: transactions hold a connection each, so with two connections only one runs at a time,
// and plain statements keep the other.
BOOST_AUTO_TEST_CASE(transactions_are_capped_so_statements_keep_a_connection) {
  auto settings = settings_for(create_database(), 2);
  settings.acquire_timeout = 1000ms;
  std::optional<db::db_error> second_error;
  clock_type::duration second_took{};
  bool second_returned_early = false;
  std::vector<std::int64_t> echoed;
  bool third_began_before_commit = true, third_began = false;
  clock_type::duration third_after_commit{};
  bool fourth_began_before_rollback = true, fourth_began = false;
  db::pool_stats final_stats;
  const std::vector<const db::statement*> statements{&echo};
  auto body = [&](db::pool& pool) -> asio::awaitable<void> {
    auto executor = co_await asio::this_coro::executor;
    auto all_healthy = [&] { return pool.stats().healthy == 2; };
    const bool all_healthy_held = co_await eventually(all_healthy, 10s);
    BOOST_REQUIRE(all_healthy_held);

    // One transaction open and never released: a second begin() waits, then gives up.
    std::optional<db::transaction> first;
    first.emplace(co_await pool.begin());
    const auto in_first = value_of(co_await first->execute(echo, 1));
    BOOST_TEST(in_first == 1);
    bool second_done = false;
    auto second = [&]() -> asio::awaitable<void> {
      const auto start = clock_type::now();
      try {
        auto tx = co_await pool.begin();
        second_returned_early = true;
      } catch (const db::db_error& e) {
        second_error = e;
      }
      second_took = clock_type::now() - start;
      second_done = true;
    };
    asio::co_spawn(executor, second, asio::detached);
    co_await yield();
    // Meanwhile plain statements run on the other connection, one after another and at once.
    for (std::int64_t i = 0; i < 20; ++i) echoed.push_back(value_of(co_await pool.execute(echo, i)));
    BOOST_TEST(!second_done);  // still waiting while those ran
    auto second_finished = [&] { return second_done; };
    const bool second_finished_held = co_await eventually(second_finished, 5s);
    BOOST_REQUIRE(second_finished_held);

    // A begin() waiting while the first transaction commits proceeds then, not before.
    bool committed = false;
    clock_type::time_point commit_time;
    std::optional<db::transaction> third_tx;
    auto third = [&]() -> asio::awaitable<void> {
      third_tx.emplace(co_await pool.begin());
      third_began_before_commit = !committed;
      third_after_commit = clock_type::now() - commit_time;
      third_began = true;
    };
    asio::co_spawn(executor, third, asio::detached);
    co_await yield();
    asio::steady_timer pause(executor, 100ms);  // the third begin() has time to slip in if it could
    co_await pause.async_wait(asio::use_awaitable);
    BOOST_TEST(!third_began);
    commit_time = clock_type::now();
    committed = true;
    co_await first->commit();
    auto third_done = [&] { return third_began; };
    const bool third_done_held = co_await eventually(third_done, 2s);
    BOOST_REQUIRE(third_done_held);

    // And one waiting while a transaction is dropped proceeds after the rollback.
    bool dropped = false;
    std::optional<db::transaction> fourth_tx;
    auto fourth = [&]() -> asio::awaitable<void> {
      fourth_tx.emplace(co_await pool.begin());
      fourth_began_before_rollback = !dropped;
      fourth_began = true;
    };
    asio::co_spawn(executor, fourth, asio::detached);
    co_await yield();
    BOOST_TEST(!fourth_began);
    dropped = true;
    third_tx.reset();
    auto fourth_done = [&] { return fourth_began; };
    const bool fourth_done_held = co_await eventually(fourth_done, 2s);
    BOOST_REQUIRE(fourth_done_held);
    const auto in_fourth = value_of(co_await fourth_tx->execute(echo, 7));
    BOOST_TEST(in_fourth == 7);
    const auto beside = value_of(co_await pool.execute(echo, 8));  // beside it, a plain statement
    BOOST_TEST(beside == 8);
    co_await fourth_tx->commit();
    final_stats = pool.stats();
  };
  with_pool(settings, statements, body);

  BOOST_TEST(!second_returned_early);
  BOOST_REQUIRE(second_error.has_value());
  BOOST_TEST(is_kind(second_error, db::db_error::kind::unavailable));
  BOOST_TEST(ms(second_took) >= 1000);
  BOOST_TEST(ms(second_took) < 3000);
  BOOST_REQUIRE_EQUAL(echoed.size(), 20u);
  for (std::int64_t i = 0; i < 20; ++i) BOOST_TEST(echoed[static_cast<std::size_t>(i)] == i);
  BOOST_TEST(third_began);
  BOOST_TEST(!third_began_before_commit);
  BOOST_TEST(ms(third_after_commit) < 500);
  BOOST_TEST(fourth_began);
  BOOST_TEST(!fourth_began_before_rollback);
  BOOST_TEST(final_stats.acquire_timeouts == 1u);
  BOOST_TEST(final_stats.connects == 2u);  // nothing broke on the way
}

// Item 6: a serialization failure or deadlock rolled the call back as a whole, so the pool sends a
// single statement or a batch once more; never a statement inside a transaction, never other errors.
BOOST_AUTO_TEST_CASE(serialization_failures_and_deadlocks_are_retried_once) {
  const auto url = create_database();
  // Sequences count attempts: nextval is not undone by the rollback the error causes.
  query_value(url, R"sql(
    CREATE SEQUENCE calls_once; CREATE SEQUENCE calls_always; CREATE SEQUENCE calls_deadlock;
    CREATE SEQUENCE calls_other; CREATE SEQUENCE calls_batch; CREATE SEQUENCE calls_tx;
    CREATE FUNCTION fail_first(seq regclass, code text) RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE attempt bigint := nextval(seq);
    BEGIN
      IF attempt = 1 THEN RAISE EXCEPTION 'conflict on attempt %', attempt USING ERRCODE = code; END IF;
      RETURN attempt;
    END $$;
    CREATE FUNCTION fail_always(seq regclass, code text) RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE attempt bigint := nextval(seq);
    BEGIN
      RAISE EXCEPTION 'conflict on attempt %', attempt USING ERRCODE = code;
    END $$;
  )sql");
  auto attempts = [&](const std::string& seq) {
    return std::stoll(query_value(url, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + seq));
  };

  static constexpr db::statement once =
      db::checked_statement<n_row>("faults_once", "SELECT fail_first('calls_once', '40001') AS n");
  static constexpr db::statement always =
      db::checked_statement<n_row>("faults_always", "SELECT fail_always('calls_always', '40001') AS n");
  static constexpr db::statement deadlock =
      db::checked_statement<n_row>("faults_deadlock", "SELECT fail_first('calls_deadlock', '40P01') AS n");
  static constexpr db::statement other =
      db::checked_statement<n_row>("faults_other", "SELECT fail_first('calls_other', 'P0001') AS n");
  static constexpr db::statement batch_part =
      db::checked_statement<n_row>("faults_batch", "SELECT fail_first('calls_batch', '40001') AS n");
  static constexpr db::statement in_tx =
      db::checked_statement<n_row>("faults_tx", "SELECT fail_first('calls_tx', '40001') AS n");

  std::optional<std::int64_t> once_value, deadlock_value;
  std::uint64_t retried_after_once = 99, retried_after_always = 99, retried_after_deadlock = 99,
                retried_after_other = 99, retried_after_batch = 99, retried_after_tx = 99;
  std::optional<db::db_error> always_error, other_error, tx_error;
  std::vector<std::int64_t> batch_values;
  const std::vector<const db::statement*> statements{&echo, &once, &always, &deadlock, &other, &batch_part, &in_tx};
  auto body = [&](db::pool& pool) -> asio::awaitable<void> {
    once_value = value_of(co_await pool.execute(once));
    retried_after_once = pool.stats().retried;

    try {
      co_await pool.execute(always);
    } catch (const db::db_error& e) {
      always_error = e;
    }
    retried_after_always = pool.stats().retried;

    deadlock_value = value_of(co_await pool.execute(deadlock));
    retried_after_deadlock = pool.stats().retried;

    try {
      co_await pool.execute(other);
    } catch (const db::db_error& e) {
      other_error = e;
    }
    retried_after_other = pool.stats().retried;

    db::batch batch;
    batch.add(echo, std::int64_t{5}).add(batch_part);
    auto results = co_await pool.execute_batch(std::move(batch));
    for (const auto& r : results) batch_values.push_back(value_of(r));
    retried_after_batch = pool.stats().retried;

    {
      auto tx = co_await pool.begin();
      try {
        co_await tx.execute(in_tx);
      } catch (const db::db_error& e) {
        tx_error = e;
      }
    }  // rolled back
    retried_after_tx = pool.stats().retried;
    const auto served_on = value_of(co_await pool.execute(echo, 3));  // the connection serves on
    BOOST_TEST(served_on == 3);
  };
  with_pool(settings_for(url, 1), statements, body);

  // Fails once, then succeeds: one retry, two attempts.
  BOOST_TEST(once_value.value_or(-1) == 2);
  BOOST_TEST(retried_after_once == 1u);
  BOOST_TEST(attempts("calls_once") == 2);
  // Always fails: exactly two attempts, then the error reaches the caller.
  BOOST_REQUIRE(always_error.has_value());
  BOOST_TEST(always_error->sqlstate() == "40001");
  BOOST_TEST(always_error->is_serialization_failure());
  BOOST_TEST(attempts("calls_always") == 2);
  BOOST_TEST(retried_after_always == 2u);
  // A deadlock is retried the same way.
  BOOST_TEST(deadlock_value.value_or(-1) == 2);
  BOOST_TEST(attempts("calls_deadlock") == 2);
  BOOST_TEST(retried_after_deadlock == 3u);
  // Any other error is not.
  BOOST_REQUIRE(other_error.has_value());
  BOOST_TEST(other_error->sqlstate() == "P0001");
  BOOST_TEST(attempts("calls_other") == 1);
  BOOST_TEST(retried_after_other == 3u);
  // A batch is sent again whole.
  BOOST_TEST((batch_values == std::vector<std::int64_t>{5, 2}));
  BOOST_TEST(attempts("calls_batch") == 2);
  BOOST_TEST(retried_after_batch == 4u);
  // Inside a transaction the caller decides: no retry.
  BOOST_REQUIRE(tx_error.has_value());
  BOOST_TEST(tx_error->sqlstate() == "40001");
  BOOST_TEST(attempts("calls_tx") == 1);
  BOOST_TEST(retried_after_tx == 4u);
}

// Item 6: a DATABASE_URL that cannot work stops start-up at once, naming the variable and never
// showing the value (libpq's own parse errors quote the whole string, password included).
BOOST_AUTO_TEST_CASE(bad_database_url_exits_2_at_once_without_showing_the_password) {
  const std::vector<std::string> bad_urls{
      "postgresql://u:s3cret-pw@localhost:notaport/db",
      "postgresql://u:s3cret-pw@localhost:70000/db",
      "postgresql://u:s3cret-pw@localhost/db?port=12x",
      "postgresql://u:s3cret-pw@[::1/db",
      "postgresql://u:s3cret-pw@localhost/db?no_such_option=1",
      "host=localhost port=notaport user=u password=s3cret-pw dbname=db",
      "host=localhost password='s3cret-pw",
      // Parsed by libpq, but refused only when it connects: not a database that is down.
      "postgresql://u:s3cret-pw@localhost/db?sslmode=bogus",
      "postgresql://u:s3cret-pw@localhost/db?connect_timeout=soon",
      "postgresql://u:s3cret-pw@localhost/db?keepalives_idle=x",
      "postgresql://u:s3cret-pw@localhost/db?target_session_attrs=whatever",
      "host=localhost gssencmode=maybe password=s3cret-pw",
  };
  for (const auto& command : {std::string("serve"), std::string("migrate")}) {
    for (const auto& url : bad_urls) {
      std::string output;
      const auto start = clock_type::now();
      const int status = run_folio(url, command, {}, &output);
      const auto took = ms(clock_type::now() - start);
      BOOST_TEST_CONTEXT("folio " << command << " with DATABASE_URL " << url) {
        BOOST_TEST(status == 2);
        BOOST_TEST(took < 1500, "took " << took << " ms");
        BOOST_TEST(output.find("DATABASE_URL") != std::string::npos, "output: " << output);
        BOOST_TEST(output.find("s3cret-pw") == std::string::npos, "output: " << output);
      }
    }
  }
  // The same options with values libpq accepts are not refused.
  const auto good = create_database() +
                    "&sslmode=disable&connect_timeout=5&keepalives=1&keepalives_idle=%2030&target_session_attrs=any"
                    "&gssencmode=disable&channel_binding=prefer&tcp_user_timeout=0";
  std::string output;
  BOOST_TEST(run_folio(good, "migrate", {}, &output) == 0, output);
}

// Item 6: nothing folio prints — start-up, the access line of every request, failed logins, a stalled
// database and recovery — contains the database password, a user's password, a session token or
// an Authorization or cookie value; neither does any error body.
BOOST_AUTO_TEST_CASE(secrets_never_reach_the_log_or_an_error_body) {
  const auto url = create_database();
  stalling_proxy proxy;
  folio_process folio(
      {proxied_url(proxy, url, database_password),
       stall_settings(
           {{"LOG_LEVEL", "info"}, {"LOGIN_ACCOUNT_FAILURES", "1000"}, {"LOGIN_ADDRESS_FAILURES", "1000"}})});
  BOOST_REQUIRE(folio.wait_until_serving());
  require_ready(folio);

  std::vector<std::string> error_bodies;
  auto keep_error = [&](const std::optional<response>& r) {
    if (r && r->result_int() >= 400) error_bodies.push_back(r->body());
  };
  auto post = [&](const std::string& target, const json::value& body, const env_map& headers = {}) {
    env_map all = headers;
    all.try_emplace("Content-Type", "application/json");
    auto r = try_request(folio.port(), http::verb::post, target, json::serialize(body), all);
    keep_error(r);
    return r;
  };
  auto get = [&](const std::string& target, const env_map& headers) {
    auto r = try_get(folio.port(), target, headers);
    keep_error(r);
    return r;
  };

  const json::value registration{{"username", "keeper"}, {"email", "keeper@example.test"}, {"password", user_password}};
  auto registered = post("/api/v1/auth/register", registration);
  BOOST_REQUIRE_EQUAL(status_of(registered), 201);
  const std::string token(json_of(*registered).at("token").as_string());
  const json::value good_login{{"login", "keeper"}, {"password", user_password}};
  auto logged_in = post("/api/v1/auth/login", good_login);
  BOOST_REQUIRE_EQUAL(status_of(logged_in), 200);
  const std::string login_token(json_of(*logged_in).at("token").as_string());
  const env_map auth{{"Authorization", "Bearer " + login_token}, {"Cookie", "session=" + login_token}};
  BOOST_TEST(status_of(get("/api/v1/me", auth)) == 200);

  // Errors: a wrong password, a bad token, the user's password sent as a token, then a stall.
  const json::value wrong_login{{"login", "keeper"}, {"password", user_password + "-wrong"}};
  BOOST_TEST(status_of(post("/api/v1/auth/login", wrong_login)) == 401);
  BOOST_TEST(status_of(get("/api/v1/me", {{"Authorization", "Bearer " + login_token + "x"}})) == 401);
  BOOST_TEST(status_of(get("/api/v1/me", {{"Authorization", "Bearer " + user_password}})) == 401);
  proxy.stall();
  for (int i = 0; i < 3; ++i) {
    check_unavailable(get("/api/v1/me", auth), "GET /api/v1/me during the stall");
    check_unavailable(post("/api/v1/auth/login", good_login), "login during the stall");
  }
  proxy.heal();
  require_ready(folio);
  BOOST_TEST(status_of(get("/api/v1/me", auth)) == 200);
  BOOST_TEST(folio.stop() == 0);

  const auto log = folio.log();
  // The log did record the events above, so its silence about secrets means something.
  BOOST_TEST(log.find("\"msg\":\"request\"") != std::string::npos, "no access lines:\n" << log);
  BOOST_TEST(log.find("database unavailable") != std::string::npos, "the stall was not logged:\n" << log);
  const std::vector<std::string> secrets{database_password, user_password, token, login_token, "Bearer "};
  for (const auto& secret : secrets) {
    BOOST_TEST(log.find(secret) == std::string::npos, "folio printed " << secret << ":\n" << log);
    for (const auto& body : error_bodies)
      BOOST_TEST(body.find(secret) == std::string::npos, "an error body contains " << secret << ": " << body);
  }
  BOOST_TEST(error_bodies.size() >= 9u);
}

BOOST_AUTO_TEST_SUITE_END()
