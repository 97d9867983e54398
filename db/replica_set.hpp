#pragma once
// Streaming replicas beside the primary's pool, for reads that may lag behind the primary.
//
// Every `poll_interval` the set asks the primary for its WAL position and each replica for the
// position it has replayed. A replica serves reads while it answers as a server in recovery and
// is no more than `max_lag` behind; one that stops answering, lags further or was promoted leaves
// the rotation, and comes back by itself at the first poll that finds it well again.
//
// Read-your-writes: a read names the WAL position it must see (a position the primary reported
// after the caller's last acknowledged write, lsn{} for none). Only a replica whose last polled
// replay position has reached it may serve the read; otherwise the primary does. A replica that
// fails a read for want of a connection, or cancels it on a conflict with recovery, is taken out
// of the rotation until its next good poll, and the read runs on the primary: a client never sees
// a replica's fault.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "db/lsn.hpp"
#include "db/pool.hpp"

namespace folio::db {

struct replica_set_settings {
  struct replica {
    std::string name;  // for metrics and logs: host and port, never the password
    pool_settings pool;
  };
  std::vector<replica> replicas;
  std::chrono::milliseconds max_lag{5000};
  std::chrono::milliseconds poll_interval{100};
};

struct replica_status {
  std::string name;
  bool up = false;  // answered the last poll as a server in recovery
  bool in_rotation = false;
  lsn replayed;
  std::uint64_t lag_bytes = 0;
  std::chrono::milliseconds lag{0};  // how long ago the primary had reached what it has not replayed yet
  std::uint64_t reads = 0;           // reads it served
};

// The statements the set runs, to be prepared on the primary's and the replicas' pools.
std::vector<const statement*> replica_set_statements();

class replica_set {
 public:
  replica_set(asio::any_io_executor executor, pool& primary, replica_set_settings settings,
              const std::vector<const statement*>& statements);
  ~replica_set();
  replica_set(const replica_set&) = delete;
  replica_set& operator=(const replica_set&) = delete;

  // Starts the replicas' pools and the poller; returns at once. Does nothing without replicas.
  void start();
  asio::awaitable<void> stop();

  bool empty() const noexcept { return replicas_.empty(); }
  // A read that must see every write up to `seen`.
  asio::awaitable<result> read(lsn seen, const statement& stmt, param_list params);
  asio::awaitable<connection::results> read_batch(lsn seen, batch statements);
  // The primary's WAL position now: a read given it sees every write acknowledged before.
  asio::awaitable<lsn> write_position();

  std::vector<replica_status> status() const;
  std::uint64_t primary_reads() const noexcept { return primary_reads_; }
  pool_stats replica_pool_stats() const noexcept;

 private:
  struct member {
    replica_status status;
    std::unique_ptr<pool> connections;
  };
  struct primary_sample {
    std::chrono::steady_clock::time_point when;
    lsn position;
  };

  asio::awaitable<void> poll_loop();
  asio::awaitable<void> poll_once();
  asio::awaitable<void> poll_replica(member& m, std::chrono::steady_clock::time_point now);
  void judge(member& m, std::chrono::steady_clock::time_point now);
  // The replica to read from, or nullptr for the primary; rotates among those that qualify.
  member* choose(lsn seen);
  void leave_rotation(member& m);
  // Whether a failed replica read may run on the primary instead.
  static bool primary_may_retry(const db_error& e) noexcept;
  template <class Call>
  auto read_on(lsn seen, Call call) -> decltype(call(std::declval<pool&>()));

  asio::any_io_executor executor_;
  pool& primary_;
  std::chrono::milliseconds max_lag_;
  std::chrono::milliseconds poll_interval_;
  std::vector<member> replicas_;
  std::deque<primary_sample> primary_samples_;  // oldest first, spanning a little over max_lag
  std::size_t next_ = 0;
  std::uint64_t primary_reads_ = 0;
  asio::steady_timer tick_;
  asio::steady_timer poller_done_;
  bool polling_ = false;
  bool stopping_ = false;
};

}  // namespace folio::db
