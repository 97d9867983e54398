#include "app/login_throttle.hpp"

#include <algorithm>

namespace folio::app {

std::optional<login_throttle::clock::duration> login_throttle::remaining(const counter& c, std::string_view key,
                                                                         std::size_t limit,
                                                                         clock::time_point now) const {
  auto found = c.entries.find(std::string(key));
  if (found == c.entries.end() || found->second.failures < limit) return std::nullopt;
  const auto closes = found->second.opened + limits_.window;
  if (now >= closes) return std::nullopt;
  return closes - now;
}

void login_throttle::count(counter& c, std::string_view key, clock::time_point now) {
  auto& w = c.entries[std::string(key)];
  if (w.failures == 0 || now >= w.opened + limits_.window) w = {now, 0};
  ++w.failures;
  if (c.entries.size() < c.next_sweep) return;
  std::erase_if(c.entries, [&](const auto& entry) { return now >= entry.second.opened + limits_.window; });
  c.next_sweep = std::max<std::size_t>(1024, 2 * c.entries.size());
}

std::optional<std::chrono::seconds> login_throttle::locked_for(std::string_view account, std::string_view address,
                                                               clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto wait = remaining(addresses_, address, limits_.address_failures, now);
  if (!account.empty()) {
    if (auto account_wait = remaining(accounts_, account, limits_.account_failures, now))
      wait = std::max(wait.value_or(clock::duration::zero()), *account_wait);
  }
  if (!wait) return std::nullopt;
  // Whole seconds for Retry-After, rounded up so that a client that obeys it is let through.
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(*wait));
}

void login_throttle::failed(std::string_view account, std::string_view address, clock::time_point now) {
  std::lock_guard lock(mutex_);
  count(accounts_, account, now);
  count(addresses_, address, now);
}

void login_throttle::succeeded(std::string_view account) {
  std::lock_guard lock(mutex_);
  accounts_.entries.erase(std::string(account));
}

}  // namespace folio::app
