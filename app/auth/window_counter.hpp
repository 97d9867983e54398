#pragma once
// A fixed-window event counter keyed by string: the machinery of the login and registration
// throttles.
//
// A key's window opens at its first event and lasts `window`; a key that has reached a limit
// stays over it until its window closes, then starts afresh. Expired entries are swept whenever
// the table has doubled since the last sweep, so memory stays proportional to the keys counted
// within one window. Not thread-safe: its owner holds the lock (a throttle checks and counts
// several keys under one lock).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace folio::app {

class window_counter {
 public:
  using clock = std::chrono::steady_clock;

  explicit window_counter(clock::duration window) : window_(window) {}

  // How long until key's window closes if it holds `limit` events or more; nullopt otherwise.
  std::optional<clock::duration> over_limit(std::string_view key, std::size_t limit, clock::time_point now) const;
  void count(std::string_view key, clock::time_point now);
  void forget(std::string_view key);

 private:
  struct window {
    clock::time_point opened;
    std::size_t events = 0;
  };

  clock::duration window_;
  std::unordered_map<std::string, window> entries_;
  std::size_t next_sweep_ = 1024;
};

// Whole seconds for Retry-After, rounded up (and at least one) so that a client that obeys it is
// let through.
std::chrono::seconds retry_after(window_counter::clock::duration wait);

}  // namespace folio::app
