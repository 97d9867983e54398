#pragma once
// Throttling of failed password checks, per account and per client address, in process memory.
//
// Each key counts its failures in a fixed window that opens at its first failure. Once a key
// reaches its limit it is locked until the window closes: every attempt in the meantime is
// answered 429 with the remaining time as Retry-After, without checking the password, so
// guessing costs the attacker time and the server no hashing. A successful login clears the
// account's count (not the address's: one address may serve many users and one attacker).
//
// Shared by every event loop of the process, hence the mutex. Expired entries are swept
// whenever the table has doubled since the last sweep, so memory stays proportional to the
// keys that failed within one window.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace folio::app {

class login_throttle {
 public:
  using clock = std::chrono::steady_clock;

  struct limits {
    std::size_t account_failures;  // per account (a user, or an unknown login name)
    std::size_t address_failures;  // per client address
    clock::duration window;
  };

  explicit login_throttle(limits l) : limits_(l) {}

  // How long until this account or address may try again; nullopt if neither is locked.
  // Pass an empty account to check the address alone.
  std::optional<std::chrono::seconds> locked_for(std::string_view account, std::string_view address,
                                                 clock::time_point now);
  void failed(std::string_view account, std::string_view address, clock::time_point now);
  void succeeded(std::string_view account);

 private:
  struct window {
    clock::time_point opened;
    std::size_t failures = 0;
  };
  struct counter {
    std::unordered_map<std::string, window> entries;
    std::size_t next_sweep = 1024;
  };

  std::optional<clock::duration> remaining(const counter& c, std::string_view key, std::size_t limit,
                                           clock::time_point now) const;
  void count(counter& c, std::string_view key, clock::time_point now);

  limits limits_;
  std::mutex mutex_;
  counter accounts_;
  counter addresses_;
};

}  // namespace folio::app
