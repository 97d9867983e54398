#include "pool_runner.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "db/row.hpp"

namespace folio::test {

namespace asio = boost::asio;
using namespace std::chrono_literals;

std::int64_t value_of(const db::result& r) { return db::one<n_row>(r).n; }

db::pool_settings settings_for(const std::string& conninfo, std::size_t size) {
  db::pool_settings s;
  s.connection.conninfo = conninfo;
  s.connection.statement_timeout = 60s;
  s.size = size;
  return s;
}

void with_pool(db::pool_settings settings, std::vector<const db::statement*> statements,
               std::function<asio::awaitable<void>(db::pool&)> body) {
  asio::io_context context;
  db::pool pool(context.get_executor(), std::move(settings), std::move(statements));
  std::exception_ptr failure;
  bool finished = false;
  auto run = [&]() -> asio::awaitable<void> {
    pool.start();
    try {
      co_await pool.check_statements(10s);
      co_await body(pool);
    } catch (...) {
      failure = std::current_exception();
    }
    co_await pool.stop();
    finished = true;
  };
  asio::co_spawn(context, run, asio::detached);
  context.run_for(60s);
  if (!finished) {
    std::fprintf(stderr, "pool test did not finish within 60 s\n");
    std::abort();
  }
  if (failure) std::rethrow_exception(failure);
}

asio::awaitable<void> run_all(std::size_t n, std::function<asio::awaitable<void>(std::size_t)> task) {
  auto executor = co_await asio::this_coro::executor;
  std::size_t remaining = n;
  asio::steady_timer done(executor, asio::steady_timer::time_point::max());
  std::exception_ptr failure;
  for (std::size_t i = 0; i < n; ++i) {
    asio::co_spawn(executor, task(i), [&](std::exception_ptr e) {
      if (e && !failure) failure = e;
      if (--remaining == 0) done.cancel();
    });
  }
  while (remaining > 0) co_await done.async_wait(asio::as_tuple(asio::use_awaitable));
  if (failure) std::rethrow_exception(failure);
}

}  // namespace folio::test
