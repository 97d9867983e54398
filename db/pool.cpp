#include "db/pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include "db/error.hpp"

namespace folio::db {
namespace {

using asio::use_awaitable;
using namespace asio::experimental::awaitable_operators;

[[noreturn]] void throw_unavailable(const char* why) { throw db_error(db_error::kind::unavailable, why); }

// A timer that never expires by itself, used as an event that cancel() sets.
asio::steady_timer make_event(asio::any_io_executor executor) {
  return asio::steady_timer(executor, asio::steady_timer::time_point::max());
}

// Awaits one call and counts how long it took and how it failed.
template <class T>
asio::awaitable<T> counted(call_stats& stats, asio::awaitable<T> call) {
  const auto started = std::chrono::steady_clock::now();
  try {
    T value = co_await std::move(call);
    stats.record(std::chrono::steady_clock::now() - started);
    co_return value;
  } catch (const db_error& e) {
    stats.record(std::chrono::steady_clock::now() - started, &e);
    throw;
  }
}

}  // namespace

pool_stats& pool_stats::operator+=(const pool_stats& other) noexcept {
  size += other.size;
  healthy += other.healthy;
  busy += other.busy;
  idle += other.idle;
  reserved += other.reserved;
  in_flight += other.in_flight;
  waiting += other.waiting;
  acquire_timeouts += other.acquire_timeouts;
  rejected += other.rejected;
  connects += other.connects;
  reconnects += other.reconnects;
  connect_failures += other.connect_failures;
  retried += other.retried;
  resent += other.resent;
  syncs += other.syncs;
  calls += other.calls;
  return *this;
}

// --- transaction ---------------------------------------------------------------------------

transaction::transaction(transaction&& other) noexcept : owner_(other.owner_), conn_(std::move(other.conn_)) {}

transaction::~transaction() {
  if (!conn_) return;
  // A coroutine cannot wait in a destructor: the rollback runs on its own, and only then does
  // the connection go back to the pool.
  asio::co_spawn(
      owner_->executor_,
      [owner = owner_, conn = std::move(conn_)]() -> asio::awaitable<void> {
        try {
          if (conn->is_open()) co_await conn->execute_sql("ROLLBACK");
        } catch (const std::exception&) {
          conn->close("rollback failed");
        }
        owner->release(conn);
      },
      asio::detached);
}

asio::awaitable<result> transaction::execute(const statement& stmt, param_list params) {
  auto call = conn_->execute(stmt, std::move(params));
  co_return co_await counted(owner_->counters_.calls, std::move(call));
}

asio::awaitable<void> transaction::commit() {
  co_await conn_->execute_sql("COMMIT");
  owner_->release(std::move(conn_));
}

// --- pool ----------------------------------------------------------------------------------

pool::pool(asio::any_io_executor executor, pool_settings settings, std::vector<const statement*> statements)
    : executor_(executor),
      settings_(std::move(settings)),
      statements_(std::move(statements)),
      slots_(settings_.size),
      transaction_released_(make_event(executor)),
      stop_event_(make_event(executor)),
      ready_event_(make_event(executor)),
      keepers_done_(make_event(executor)) {
  settings_.connection.pipeline = true;
}

pool::~pool() { blocking_.join(); }

void pool::start() {
  for (std::size_t slot = 0; slot < slots_.size(); ++slot) asio::co_spawn(executor_, keep(slot), asio::detached);
}

std::chrono::milliseconds pool::backoff(int attempt) {
  auto delay = settings_.backoff_initial * (1LL << std::min(attempt, 16));
  delay = std::min<std::chrono::milliseconds>(delay, settings_.backoff_max);
  // Jitter in [50 %, 100 %] so that many folio processes do not reconnect in lockstep.
  std::uniform_int_distribution<long long> spread(delay.count() / 2, delay.count());
  return std::chrono::milliseconds(spread(jitter_));
}

asio::awaitable<void> pool::keep(std::size_t slot) {
  ++running_keepers_;
  int failures = 0;
  bool connected_before = false;
  while (!stopping_) {
    try {
      auto conn = co_await connection::open(executor_, blocking_.get_executor(), settings_.connection);
      co_await conn->prepare(statements_);
      if (stopping_) {
        conn->close("pool stopped");
        break;
      }
      conn->on_progress([this] { wake_waiters(); });
      slots_[slot] = conn;
      ++counters_.connects;
      if (connected_before) ++counters_.reconnects;
      connected_before = true;
      failures = 0;
      ready_event_.cancel();
      wake_waiters();
      co_await conn->wait_closed();
      counters_.resent += conn->resent();  // stats() adds the live connections' own
      counters_.syncs += conn->syncs();
      slots_[slot] = nullptr;
      continue;  // a connection that was healthy is replaced at once
    } catch (const std::exception& e) {
      ++counters_.connect_failures;
      if (settings_.on_connect_failure && !stopping_) settings_.on_connect_failure(e.what());
    }
    if (stopping_) break;
    asio::steady_timer delay(executor_, backoff(failures++));
    co_await (delay.async_wait(asio::as_tuple(use_awaitable)) || stop_event_.async_wait(asio::as_tuple(use_awaitable)));
  }
  slots_[slot] = nullptr;
  if (--running_keepers_ == 0) keepers_done_.cancel();
}

bool pool::ready() const noexcept {
  for (const auto& conn : slots_) {
    if (conn && conn->is_open()) return true;
  }
  return false;
}

pool_stats pool::stats() const noexcept {
  pool_stats s = counters_;
  s.size = slots_.size();
  s.waiting = waiters_.size() + woken_.size();
  for (const auto& conn : slots_) {
    if (!conn || !conn->is_open()) continue;
    ++s.healthy;
    s.reserved += conn->reserved;
    s.in_flight += conn->depth();
    s.busy += conn->reserved || conn->depth() > 0;
    s.resent += conn->resent();
    s.syncs += conn->syncs();
  }
  s.idle = s.healthy - s.busy;
  return s;
}

std::shared_ptr<connection> pool::least_loaded() const {
  std::shared_ptr<connection> best;
  for (const auto& conn : slots_) {
    if (!conn || !conn->is_open() || conn->reserved || conn->cancelling() || conn->depth() >= settings_.max_pipeline)
      continue;
    if (!best || conn->depth() < best->depth()) best = conn;
  }
  return best;
}

void pool::wake_waiters() {
  std::size_t capacity = waiters_.size();  // nothing healthy, or stopping: wake everyone, they fail fast
  if (ready() && !stopping_) {
    capacity = 0;
    for (const auto& conn : slots_) {
      if (conn && conn->is_open() && !conn->reserved && !conn->cancelling() && conn->depth() < settings_.max_pipeline)
        capacity += settings_.max_pipeline - conn->depth();
    }
    // Woken callers have not taken their place yet: the capacity is theirs first.
    capacity -= std::min(capacity, woken_.size());
  }
  for (; capacity > 0 && !waiters_.empty(); --capacity) {
    auto first = waiters_.begin();
    first->woken = true;
    first->wake.cancel();
    woken_.splice(woken_.end(), waiters_, first);
  }
}

asio::awaitable<std::shared_ptr<connection>> pool::acquire() {
  const auto deadline = std::chrono::steady_clock::now() + settings_.acquire_timeout;
  // First come, first served: a newcomer may not overtake callers already waiting, and a caller
  // that was woken but found no room keeps its place at the head of the queue.
  for (bool waited = false;; waited = true) {
    if (waited || (waiters_.empty() && woken_.empty())) {
      if (auto conn = least_loaded()) co_return conn;
    }
    if (stopping_ || !ready()) {
      ++counters_.rejected;
      throw_unavailable("the database is unavailable");
    }
    if (waiters_.size() + woken_.size() >= settings_.max_waiters) {
      ++counters_.rejected;
      throw_unavailable("too many requests are waiting for the database");
    }
    auto place = waited ? waiters_.begin() : waiters_.end();
    auto it = waiters_.insert(place, waiter{asio::steady_timer(executor_, deadline)});
    wake_waiters();  // there may be room right now
    // Woken by that very call, its timer had no wait to cancel yet: waiting would sleep until the
    // deadline with room free.
    if (!it->woken) co_await it->wake.async_wait(asio::as_tuple(use_awaitable));
    const bool woken = it->woken;
    (woken ? woken_ : waiters_).erase(it);
    if (!woken) {
      auto state = co_await asio::this_coro::cancellation_state;
      if (state.cancelled() != asio::cancellation_type::none)
        throw boost::system::system_error(asio::error::operation_aborted);
      ++counters_.acquire_timeouts;
      throw_unavailable("timed out waiting for a database connection");
    }
  }
}

bool pool::send_again(const db_error& e, bool first_attempt) noexcept {
  if (!first_attempt || !e.is_serialization_failure()) return false;
  ++counters_.retried;
  return true;
}

asio::awaitable<result> pool::execute(const statement& stmt, param_list params) {
  auto call = execute_retrying(stmt, std::move(params));
  co_return co_await counted(counters_.calls, std::move(call));
}

asio::awaitable<connection::results> pool::execute_batch(batch statements) {
  auto call = execute_batch_retrying(std::move(statements));
  co_return co_await counted(counters_.calls, std::move(call));
}

asio::awaitable<result> pool::execute_retrying(const statement& stmt, param_list params) {
  for (bool first = true;; first = false) {
    try {
      auto conn = co_await acquire();
      co_return co_await conn->execute(stmt, params);
    } catch (const db_error& e) {
      if (!send_again(e, first)) throw;
    }
  }
}

asio::awaitable<connection::results> pool::execute_batch_retrying(batch statements) {
  for (bool first = true;; first = false) {
    try {
      auto conn = co_await acquire();
      co_return co_await conn->execute_batch(statements);
    } catch (const db_error& e) {
      if (!send_again(e, first)) throw;
    }
  }
}

std::size_t pool::transaction_places() const noexcept { return std::max<std::size_t>(1, slots_.size() - 1); }

asio::awaitable<void> pool::wait_for_transaction_place() {
  asio::steady_timer deadline(executor_, settings_.acquire_timeout);
  while (reserved_ >= transaction_places()) {
    auto outcome = co_await (transaction_released_.async_wait(asio::as_tuple(use_awaitable)) ||
                             deadline.async_wait(asio::as_tuple(use_awaitable)));
    if (stopping_) throw_unavailable("the database is unavailable");
    if (outcome.index() == 1 && reserved_ >= transaction_places()) {
      ++counters_.acquire_timeouts;
      throw_unavailable("timed out waiting for a database connection");
    }
  }
}

asio::awaitable<transaction> pool::begin() {
  co_await wait_for_transaction_place();
  ++reserved_;  // taken before acquiring, so that no other transaction slips in meanwhile
  std::shared_ptr<connection> conn;
  std::exception_ptr failure;
  try {
    conn = co_await acquire();
    conn->reserved = true;  // no new pipelined calls; wait for the ones in flight to finish
    co_await conn->wait_idle();
    co_await conn->execute_sql("BEGIN");
  } catch (...) {
    failure = std::current_exception();
  }
  if (failure) {
    release(conn);
    std::rethrow_exception(failure);
  }
  co_return transaction(*this, std::move(conn));
}

void pool::release(std::shared_ptr<connection> conn) {
  if (conn) {
    conn->reserved = false;
    // A connection must come back outside any transaction; one that does not (a COMMIT or
    // ROLLBACK that failed half-way) is closed and replaced rather than handed to the next caller.
    if (conn->is_open() && conn->transaction_status() != PQTRANS_IDLE) conn->close("returned inside a transaction");
  }
  --reserved_;
  transaction_released_.cancel();  // wakes every begin() waiting for a place; they re-check
  wake_waiters();
}

asio::awaitable<void> pool::check_statements(std::chrono::milliseconds timeout) {
  asio::steady_timer deadline(executor_, timeout);
  while (!ready()) {
    auto outcome = co_await (ready_event_.async_wait(asio::as_tuple(use_awaitable)) ||
                             deadline.async_wait(asio::as_tuple(use_awaitable)));
    if (outcome.index() == 1 && !ready()) throw_unavailable("no database connection within the start-up timeout");
  }
  auto conn = least_loaded();
  std::string problems;
  for (const auto* stmt : statements_) {
    if (!stmt->check_columns) continue;
    auto description = co_await conn->describe(*stmt);
    if (auto problem = stmt->check_columns(description); !problem.empty())
      problems += "statement " + std::string(stmt->name) + ": " + problem + "\n";
  }
  if (!problems.empty()) throw db_error(db_error::kind::protocol, "schema mismatch:\n" + problems);
}

asio::awaitable<void> pool::stop() {
  stopping_ = true;
  stop_event_.cancel();
  for (auto& conn : slots_) {
    if (conn) conn->close("pool stopped");
  }
  wake_waiters();
  transaction_released_.cancel();
  while (running_keepers_ > 0) co_await keepers_done_.async_wait(asio::as_tuple(use_awaitable));
}

}  // namespace folio::db
