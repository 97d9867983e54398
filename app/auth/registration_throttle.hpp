#pragma once
// Throttling of registrations per client address, in process memory.
//
// Every registration that passes validation costs a password hash (tens of milliseconds of CPU
// and tens of MiB at the interactive cost) and a row, so one address may register at most
// `per_address` accounts in a fixed window that opens at its first registration; past it the
// answer is 429 with the rest of the window as Retry-After, before anything is hashed.
// Registrations count whatever their outcome (201, 409, 503): the cost was paid either way.
//
// Shared by every event loop of the process, hence the mutex.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string_view>

#include "app/auth/window_counter.hpp"

namespace folio::app {

class registration_throttle {
 public:
  using clock = window_counter::clock;

  registration_throttle(std::size_t per_address, clock::duration window)
      : per_address_(per_address), counter_(window) {}

  // Counts one registration from address and answers nullopt; or, when the address has used up
  // its window, counts nothing and answers how long until it may register again.
  std::optional<std::chrono::seconds> admit(std::string_view address, clock::time_point now);

 private:
  std::size_t per_address_;
  std::mutex mutex_;
  window_counter counter_;
};

}  // namespace folio::app
