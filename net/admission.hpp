#pragma once
// Process-wide limits on open connections and on requests in flight, shared by the servers of
// every event loop (so MAX_CONNECTIONS and MAX_IN_FLIGHT hold per process, whatever THREADS is).
//
// A request past the in-flight limit is answered 503 with Retry-After at once, before its handler
// runs: no exception, no log line, only a counter, so shedding stays cheap exactly when the
// server is overloaded. The counters are read by whoever reports them (a periodic log summary,
// metrics).
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace folio::net {

class admission {
 public:
  admission(std::size_t max_connections, std::size_t max_in_flight)
      : max_connections_(max_connections), max_in_flight_(max_in_flight) {}
  admission(const admission&) = delete;
  admission& operator=(const admission&) = delete;

  bool try_open_connection() noexcept { return try_take(connections_, max_connections_, refused_connections_); }
  void close_connection() noexcept { connections_.fetch_sub(1, std::memory_order_relaxed); }
  bool try_begin_request() noexcept { return try_take(in_flight_, max_in_flight_, shed_requests_); }
  void end_request() noexcept { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  std::size_t connections() const noexcept { return connections_.load(std::memory_order_relaxed); }
  std::size_t in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }
  std::uint64_t shed_requests() const noexcept { return shed_requests_.load(std::memory_order_relaxed); }
  std::uint64_t refused_connections() const noexcept { return refused_connections_.load(std::memory_order_relaxed); }

 private:
  static bool try_take(std::atomic<std::size_t>& used, std::size_t limit, std::atomic<std::uint64_t>& refused) noexcept {
    if (used.fetch_add(1, std::memory_order_relaxed) < limit) return true;
    used.fetch_sub(1, std::memory_order_relaxed);
    refused.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  const std::size_t max_connections_;
  const std::size_t max_in_flight_;
  std::atomic<std::size_t> connections_{0};
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::uint64_t> shed_requests_{0};
  std::atomic<std::uint64_t> refused_connections_{0};
};

}  // namespace folio::net
