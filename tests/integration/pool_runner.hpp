#pragma once
// The database layer in-process, as the pool and fault tests drive it: one pool on a private
// io_context against a given database, and a one-column row to read numbers back.
#include <boost/asio/awaitable.hpp>
#include <boost/describe.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "db/pool.hpp"
#include "db/result.hpp"
#include "db/statement.hpp"

namespace folio::test {

struct n_row {
  std::int64_t n;
};
BOOST_DESCRIBE_STRUCT(n_row, (), (n))

// The single n of a one-row result.
std::int64_t value_of(const db::result& r);

// A pool of `size` connections to `conninfo`, with a statement timeout (60 s) long enough that no
// test passes thanks to the server's own timeout.
db::pool_settings settings_for(const std::string& conninfo, std::size_t size);

// Runs `body` on a started pool whose statements have been checked, then stops the pool;
// rethrows what the body threw. A test that hangs aborts (after 60 s) instead of blocking the suite.
void with_pool(db::pool_settings settings, std::vector<const db::statement*> statements,
               std::function<boost::asio::awaitable<void>(db::pool&)> body);

// Runs task(0) … task(n-1) concurrently on the caller's executor and waits for all; rethrows the
// first failure.
boost::asio::awaitable<void> run_all(std::size_t n, std::function<boost::asio::awaitable<void>(std::size_t)> task);

}  // namespace folio::test
