#pragma once
// A fixed set of pipelined connections shared by every request on one io_context.
//
// Statements go to the least-loaded healthy connection; a connection carries up to
// `max_pipeline` calls at once. When every connection is full, callers wait in a bounded FIFO
// queue for at most `acquire_timeout` (a newcomer never overtakes a waiting caller); past either
// bound, or when no connection is healthy at all, they get db_error(unavailable) at once, which
// the API answers with 503. Each slot keeps its connection alive: a broken one is replaced, with
// capped exponential backoff and jitter. Transactions hold a connection each, so at most
// size - 1 of them run at once (one when size is 1): pipelined calls always keep a connection.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <random>
#include <span>
#include <string_view>
#include <vector>

#include "db/call_stats.hpp"
#include "db/connection.hpp"
#include "db/error.hpp"

namespace folio::db {

struct pool_settings {
  connection_settings connection;
  std::size_t size = 4;
  std::size_t max_pipeline = 256;
  std::size_t max_waiters = 4096;
  std::chrono::milliseconds acquire_timeout{2000};
  std::chrono::milliseconds backoff_initial{100};
  std::chrono::milliseconds backoff_max{5000};
  // Where connection failures are reported (the pool itself never logs).
  std::function<void(std::string_view message)> on_connect_failure;
};

struct pool_stats {
  std::size_t size = 0;
  std::size_t healthy = 0;
  std::size_t busy = 0;  // healthy connections with calls in flight or held by a transaction
  std::size_t idle = 0;  // healthy connections with nothing to do
  std::size_t reserved = 0;
  std::size_t in_flight = 0;  // calls in the connections' pipelines, summed
  std::size_t waiting = 0;
  std::uint64_t acquire_timeouts = 0;
  std::uint64_t rejected = 0;
  std::uint64_t connects = 0;
  std::uint64_t reconnects = 0;  // connects of a slot whose earlier connection broke
  std::uint64_t connect_failures = 0;
  std::uint64_t retried = 0;  // statements sent again after a serialization failure or deadlock
  std::uint64_t resent = 0;   // calls sent again after a neighbour in their shared Sync failed
  std::uint64_t syncs = 0;    // Syncs sent (one per call, unless calls share them)
  call_stats calls;           // statements and batches, in transactions or not

  // Adds another pool's figures (the pools of several event loops make one process's).
  pool_stats& operator+=(const pool_stats& other) noexcept;
};

class pool;

// A connection held exclusively for an interactive transaction; no other request's statement
// is interleaved. Dropping it without commit() rolls back (asynchronously) before the
// connection returns to the pool.
class transaction {
 public:
  transaction(transaction&& other) noexcept;
  transaction& operator=(transaction&&) = delete;
  ~transaction();

  asio::awaitable<result> execute(const statement& stmt, param_list params);
  template <class... Args>
  asio::awaitable<result> execute(const statement& stmt, Args&&... args) {
    return execute(stmt, make_params(std::forward<Args>(args)...));
  }
  asio::awaitable<void> commit();

 private:
  friend class pool;
  transaction(pool& owner, std::shared_ptr<connection> conn) : owner_(&owner), conn_(std::move(conn)) {}
  pool* owner_;
  std::shared_ptr<connection> conn_;
};

class pool {
 public:
  pool(asio::any_io_executor executor, pool_settings settings, std::vector<const statement*> statements);
  ~pool();
  pool(const pool&) = delete;
  pool& operator=(const pool&) = delete;

  // Starts one keeper per slot; returns at once.
  void start();
  // Waits until a connection is healthy (or the timeout passes), then compares every statement's
  // result columns with its row struct; throws db_error listing every mismatch.
  asio::awaitable<void> check_statements(std::chrono::milliseconds timeout);

  asio::awaitable<result> execute(const statement& stmt, param_list params);
  template <class... Args>
  asio::awaitable<result> execute(const statement& stmt, Args&&... args) {
    return execute(stmt, make_params(std::forward<Args>(args)...));
  }
  // Statements as one implicit transaction on one connection, in one round trip.
  asio::awaitable<connection::results> execute_batch(batch statements);
  asio::awaitable<transaction> begin();

  bool ready() const noexcept;
  pool_stats stats() const noexcept;
  // Closes every connection and waits for the keepers to finish; the pool may then be destroyed.
  asio::awaitable<void> stop();

 private:
  friend class transaction;
  struct waiter {
    asio::steady_timer wake;
    bool woken = false;
  };
  using waiter_list = std::list<waiter>;

  asio::awaitable<void> keep(std::size_t slot);
  asio::awaitable<result> execute_retrying(const statement& stmt, param_list params);
  asio::awaitable<connection::results> execute_batch_retrying(batch statements);
  asio::awaitable<std::shared_ptr<connection>> acquire();
  // A serialization failure or deadlock (40001, 40P01) rolled a call's implicit transaction back
  // as a whole, so a single statement or batch is sent once more; a second failure is final.
  bool send_again(const db_error& e, bool first_attempt) noexcept;
  asio::awaitable<void> wait_for_transaction_place();
  std::size_t transaction_places() const noexcept;
  std::shared_ptr<connection> least_loaded() const;
  void wake_waiters();
  void release(std::shared_ptr<connection> conn);
  std::chrono::milliseconds backoff(int attempt);

  asio::any_io_executor executor_;
  pool_settings settings_;
  std::vector<const statement*> statements_;
  std::vector<std::shared_ptr<connection>> slots_;
  waiter_list waiters_;  // queued, first come first served
  waiter_list woken_;    // told to try again, not yet resumed
  std::size_t reserved_ = 0;
  asio::steady_timer transaction_released_;
  asio::thread_pool blocking_{1};  // for PQcancel, which blocks
  asio::steady_timer stop_event_;
  asio::steady_timer ready_event_;
  asio::steady_timer keepers_done_;
  std::size_t running_keepers_ = 0;
  bool stopping_ = false;
  std::minstd_rand jitter_{std::random_device{}()};
  pool_stats counters_;
};

}  // namespace folio::db
