#include "app/auth/login_throttle.hpp"

#include <algorithm>

namespace folio::app {

std::optional<std::chrono::seconds> login_throttle::locked_for(std::string_view account, std::string_view address,
                                                               clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto wait = addresses_.over_limit(address, limits_.address_failures, now);
  if (!account.empty()) {
    if (auto account_wait = accounts_.over_limit(account, limits_.account_failures, now))
      wait = std::max(wait.value_or(clock::duration::zero()), *account_wait);
  }
  if (!wait) return std::nullopt;
  return retry_after(*wait);
}

void login_throttle::failed(std::string_view account, std::string_view address, clock::time_point now) {
  std::lock_guard lock(mutex_);
  accounts_.count(account, now);
  addresses_.count(address, now);
}

void login_throttle::succeeded(std::string_view account) {
  std::lock_guard lock(mutex_);
  accounts_.forget(account);
}

}  // namespace folio::app
