#pragma once
// Request latencies counted into fixed buckets: a plain struct that one event loop writes and
// the scrape adds up, so that observing costs a search among 14 bounds and three increments.
#include <array>
#include <chrono>
#include <cstdint>

#include "app/web/prometheus_text.hpp"

namespace folio::app {

struct latency_histogram {
  // Upper bounds in seconds, from a cached read to the request deadline; one more bucket (+Inf) follows.
  static constexpr std::array<double, 14> bounds_seconds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                         0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  std::array<std::uint64_t, bounds_seconds.size() + 1> buckets{};  // per bucket, not cumulative
  std::uint64_t count = 0;
  std::chrono::microseconds total{0};

  void record(std::chrono::steady_clock::duration took) noexcept;
  latency_histogram& operator+=(const latency_histogram& other) noexcept;
  prometheus_text::histogram_counts counts() const noexcept;
};

}  // namespace folio::app
