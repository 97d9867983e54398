#include "app/auth/registration_throttle.hpp"

namespace folio::app {

std::optional<std::chrono::seconds> registration_throttle::admit(std::string_view address, clock::time_point now) {
  // Checked and counted under one lock, so that racing registrations cannot overshoot the limit.
  std::lock_guard lock(mutex_);
  if (auto wait = counter_.over_limit(address, per_address_, now)) return retry_after(*wait);
  counter_.count(address, now);
  return std::nullopt;
}

}  // namespace folio::app
