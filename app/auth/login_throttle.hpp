#pragma once
// Throttling of failed password checks, per account and per client address, in process memory.
//
// Each key counts its failures in a fixed window that opens at its first failure. Once a key
// reaches its limit it is locked until the window closes: every attempt in the meantime is
// answered 429 with the remaining time as Retry-After, without checking the password, so
// guessing costs the attacker time and the server no hashing. A successful login clears the
// account's count (not the address's: one address may serve many users and one attacker).
//
// Shared by every event loop of the process, hence the mutex. The counting (fixed windows,
// sweeping of expired keys) is window_counter's.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string_view>

#include "app/auth/window_counter.hpp"

namespace folio::app {

class login_throttle {
 public:
  using clock = window_counter::clock;

  struct limits {
    std::size_t account_failures;  // per account (a user, or an unknown login name)
    std::size_t address_failures;  // per client address
    clock::duration window;
  };

  explicit login_throttle(limits l) : limits_(l), accounts_(l.window), addresses_(l.window) {}

  // How long until this account or address may try again; nullopt if neither is locked.
  // Pass an empty account to check the address alone.
  std::optional<std::chrono::seconds> locked_for(std::string_view account, std::string_view address,
                                                 clock::time_point now);
  void failed(std::string_view account, std::string_view address, clock::time_point now);
  void succeeded(std::string_view account);

 private:
  limits limits_;
  std::mutex mutex_;
  window_counter accounts_;
  window_counter addresses_;
};

}  // namespace folio::app
