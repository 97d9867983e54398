#include "app/web/latency_histogram.hpp"

#include <algorithm>

namespace folio::app {

void latency_histogram::record(std::chrono::steady_clock::duration took) noexcept {
  const std::chrono::duration<double> seconds = took;
  const auto bucket = std::lower_bound(bounds_seconds.begin(), bounds_seconds.end(), seconds.count());
  ++buckets[static_cast<std::size_t>(bucket - bounds_seconds.begin())];
  ++count;
  total += std::chrono::duration_cast<std::chrono::microseconds>(took);
}

latency_histogram& latency_histogram::operator+=(const latency_histogram& other) noexcept {
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += other.buckets[i];
  count += other.count;
  total += other.total;
  return *this;
}

prometheus_text::histogram_counts latency_histogram::counts() const noexcept {
  return {bounds_seconds, buckets, count, std::chrono::duration<double>(total).count()};
}

}  // namespace folio::app
