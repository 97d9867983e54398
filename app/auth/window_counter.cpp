#include "app/auth/window_counter.hpp"

#include <algorithm>

namespace folio::app {

std::optional<window_counter::clock::duration> window_counter::over_limit(std::string_view key, std::size_t limit,
                                                                          clock::time_point now) const {
  auto found = entries_.find(std::string(key));
  if (found == entries_.end() || found->second.events < limit) return std::nullopt;
  const auto closes = found->second.opened + window_;
  if (now >= closes) return std::nullopt;
  return closes - now;
}

void window_counter::count(std::string_view key, clock::time_point now) {
  auto& w = entries_[std::string(key)];
  if (w.events == 0 || now >= w.opened + window_) w = {now, 0};
  ++w.events;
  if (entries_.size() < next_sweep_) return;
  std::erase_if(entries_, [&](const auto& entry) { return now >= entry.second.opened + window_; });
  next_sweep_ = std::max<std::size_t>(1024, 2 * entries_.size());
}

void window_counter::forget(std::string_view key) { entries_.erase(std::string(key)); }

std::chrono::seconds retry_after(window_counter::clock::duration wait) {
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(wait));
}

}  // namespace folio::app
