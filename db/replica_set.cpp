#include "db/replica_set.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/error.hpp"

namespace folio::db {
namespace {

using asio::use_awaitable;
using namespace asio::experimental::awaitable_operators;
using clock = std::chrono::steady_clock;

// pg_current_wal_insert_lsn(), not pg_current_wal_lsn(): asked after a write was acknowledged,
// the insert position is at or past its commit record even before the WAL writer has written it.
constexpr statement wal_insert_position{"replicas_wal_insert_position",
                                        "SELECT pg_current_wal_insert_lsn()::text AS position"};
// NULL on a server that is not in recovery: a promoted replica no longer follows the primary.
constexpr statement replayed_position{"replicas_replayed_position",
                                      "SELECT pg_last_wal_replay_lsn()::text AS position"};

// A position a one-row, one-column result holds; nullopt for NULL.
std::optional<lsn> position_of(const result& r) {
  if (r.rows() != 1 || r.columns() != 1) throw db_error(db_error::kind::protocol, "expected one WAL position");
  if (r.is_null(0, 0)) return std::nullopt;
  auto position = parse_lsn(r.value(0, 0));
  if (!position) throw db_error(db_error::kind::protocol, "unreadable WAL position");
  return position;
}

// A poll's statement, given up after `patience`: a replica that hangs must not stall the poller.
asio::awaitable<std::optional<result>> ask(pool& target, const statement& stmt, clock::duration patience) {
  asio::steady_timer deadline(co_await asio::this_coro::executor, patience);
  auto call = target.execute(stmt, param_list());
  auto answer = co_await (std::move(call) || deadline.async_wait(asio::as_tuple(use_awaitable)));
  if (answer.index() == 1) co_return std::nullopt;
  co_return std::move(std::get<0>(answer));
}

}  // namespace

std::vector<const statement*> replica_set_statements() { return {&wal_insert_position, &replayed_position}; }

replica_set::replica_set(asio::any_io_executor executor, pool& primary, replica_set_settings settings,
                         const std::vector<const statement*>& statements)
    : executor_(executor),
      primary_(primary),
      max_lag_(settings.max_lag),
      poll_interval_(settings.poll_interval),
      tick_(executor),
      poller_done_(executor, asio::steady_timer::time_point::max()) {
  for (auto& replica : settings.replicas) {
    member m;
    m.status.name = replica.name;
    m.connections = std::make_unique<pool>(executor, std::move(replica.pool), statements);
    replicas_.push_back(std::move(m));
  }
}

replica_set::~replica_set() = default;

void replica_set::start() {
  if (replicas_.empty()) return;
  for (auto& m : replicas_) m.connections->start();
  polling_ = true;
  asio::co_spawn(executor_, poll_loop(), asio::detached);
}

asio::awaitable<void> replica_set::stop() {
  stopping_ = true;
  tick_.cancel();
  while (polling_) co_await poller_done_.async_wait(asio::as_tuple(use_awaitable));
  for (auto& m : replicas_) co_await m.connections->stop();
}

asio::awaitable<void> replica_set::poll_loop() {
  while (!stopping_) {
    co_await poll_once();
    if (stopping_) break;
    tick_.expires_after(poll_interval_);
    co_await tick_.async_wait(asio::as_tuple(use_awaitable));
  }
  polling_ = false;
  poller_done_.cancel();
}

asio::awaitable<void> replica_set::poll_once() {
  const auto now = clock::now();
  const auto patience = poll_interval_ * 5;
  try {
    // Without the primary's figure the replicas are judged against the last one it gave.
    if (auto answer = co_await ask(primary_, wal_insert_position, patience))
      if (auto position = position_of(*answer)) primary_samples_.push_back({now, *position});
  } catch (const db_error&) {
  }
  // Enough history to tell a lag of max_lag from a longer one.
  while (primary_samples_.size() > 1 && now - primary_samples_.front().when > max_lag_ + 2 * poll_interval_)
    primary_samples_.pop_front();
  for (auto& m : replicas_) co_await poll_replica(m, now);
}

asio::awaitable<void> replica_set::poll_replica(member& m, clock::time_point now) {
  std::optional<lsn> replayed;
  try {
    if (auto answer = co_await ask(*m.connections, replayed_position, poll_interval_ * 5))
      replayed = position_of(*answer);
  } catch (const db_error&) {
  }
  m.status.up = replayed.has_value();
  if (replayed) m.status.replayed = *replayed;
  judge(m, now);
}

void replica_set::judge(member& m, clock::time_point now) {
  m.status.lag_bytes = 0;
  m.status.lag = std::chrono::milliseconds(0);
  if (!primary_samples_.empty() && primary_samples_.back().position > m.status.replayed)
    m.status.lag_bytes = primary_samples_.back().position.value - m.status.replayed.value;
  // The oldest position the primary reported that the replica has not replayed yet: the replica is
  // at least that old.
  for (const auto& sample : primary_samples_) {
    if (sample.position <= m.status.replayed) continue;
    m.status.lag = std::chrono::duration_cast<std::chrono::milliseconds>(now - sample.when);
    break;
  }
  m.status.in_rotation = m.status.up && m.status.lag <= max_lag_;
}

replica_set::member* replica_set::choose(lsn seen) {
  for (std::size_t tried = 0; tried < replicas_.size(); ++tried) {
    auto& m = replicas_[next_++ % replicas_.size()];
    if (m.status.in_rotation && m.status.replayed >= seen) return &m;
  }
  return nullptr;
}

void replica_set::leave_rotation(member& m) {
  m.status.up = false;
  m.status.in_rotation = false;
}

bool replica_set::primary_may_retry(const db_error& e) noexcept {
  // 40001 on a replica is a query cancelled by a conflict with recovery, not the caller's doing.
  return e.is_transient() || e.is_serialization_failure();
}

template <class Call>
auto replica_set::read_on(lsn seen, Call call) -> decltype(call(std::declval<pool&>())) {
  if (auto* m = choose(seen)) {
    try {
      auto answer = co_await call(*m->connections);
      ++m->status.reads;
      co_return answer;
    } catch (const db_error& e) {
      if (!primary_may_retry(e)) throw;
      leave_rotation(*m);
    }
  }
  ++primary_reads_;
  co_return co_await call(primary_);
}

asio::awaitable<result> replica_set::read(lsn seen, const statement& stmt, param_list params) {
  auto call = [&](pool& target) { return target.execute(stmt, params); };
  co_return co_await read_on(seen, call);
}

asio::awaitable<connection::results> replica_set::read_batch(lsn seen, batch statements) {
  auto call = [&](pool& target) { return target.execute_batch(statements); };
  co_return co_await read_on(seen, call);
}

asio::awaitable<lsn> replica_set::write_position() {
  auto call = primary_.execute(wal_insert_position, param_list());
  auto answer = co_await std::move(call);
  auto position = position_of(answer);
  if (!position) throw db_error(db_error::kind::protocol, "the primary reported no WAL position");
  co_return *position;
}

std::vector<replica_status> replica_set::status() const {
  std::vector<replica_status> all;
  for (const auto& m : replicas_) all.push_back(m.status);
  return all;
}

pool_stats replica_set::replica_pool_stats() const noexcept {
  pool_stats total;
  for (const auto& m : replicas_) total += m.connections->stats();
  return total;
}

}  // namespace folio::db
