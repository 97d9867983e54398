#pragma once
// Admission control: how many connections may be open and how many requests may run at once.
//
// `connection_limit` is process-wide (shared by the servers of every event loop). `request_gate`
// belongs to one event loop and bounds the requests whose handlers run at once; past that bound a
// request waits in a queue, and past the queue's size it is answered 503 with Retry-After at once,
// before any handler runs: no exception, no log line, only a counter. A queued request that is not
// admitted within `max_wait` is answered 503 too, so no answer ever waits longer than that for a
// place. The queue is first come, first served, except that the first request of a connection goes
// to its head: under a flood of busy keep-alive clients a newcomer still gets a prompt answer.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>

namespace folio::net {

class connection_limit {
 public:
  explicit connection_limit(std::size_t max_connections) : max_(max_connections) {}
  connection_limit(const connection_limit&) = delete;
  connection_limit& operator=(const connection_limit&) = delete;

  bool try_open() noexcept;
  void close() noexcept { open_.fetch_sub(1, std::memory_order_relaxed); }
  std::size_t open() const noexcept { return open_.load(std::memory_order_relaxed); }
  std::uint64_t refused() const noexcept { return refused_.load(std::memory_order_relaxed); }

 private:
  const std::size_t max_;
  std::atomic<std::size_t> open_{0};
  std::atomic<std::uint64_t> refused_{0};
};

struct gate_settings {
  std::size_t max_running = 256;
  std::size_t max_queued = 16384;
  std::chrono::milliseconds max_wait{1000};
};

class request_gate {
 public:
  // How a request got past the gate, or why it did not.
  enum class verdict { admitted, queue_full, waited_too_long };

  request_gate(boost::asio::any_io_executor executor, gate_settings settings)
      : executor_(std::move(executor)), settings_(settings) {}
  request_gate(const request_gate&) = delete;
  request_gate& operator=(const request_gate&) = delete;

  // Admitted requests must call leave() when their handler is done. try_enter() is the fast path,
  // with no coroutine frame: it admits at once while there is room; enter() also queues.
  bool try_enter() noexcept;
  boost::asio::awaitable<verdict> enter(bool first_on_connection);
  void leave() noexcept;

  std::size_t running() const noexcept { return running_; }
  std::size_t queued() const noexcept { return queue_.size(); }
  std::uint64_t shed() const noexcept { return shed_.load(std::memory_order_relaxed); }

 private:
  struct waiter {
    boost::asio::steady_timer wake;
    bool admitted = false;
  };

  boost::asio::any_io_executor executor_;
  gate_settings settings_;
  std::size_t running_ = 0;
  std::list<waiter> queue_;             // waiting for a place
  std::list<waiter> handed_;            // given the place of a request that left, not resumed yet
  std::atomic<std::uint64_t> shed_{0};  // read by reporters on other threads
};

}  // namespace folio::net
