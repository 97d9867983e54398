#pragma once
// Throttling of failed password checks, per account and per client address, counted in
// PostgreSQL (throttle_windows) so that every folio instance on the database shares the counts.
//
// Each key counts its failures in a fixed window that opens at its first failure. Once a key
// reaches its limit it is locked until the window closes: every attempt in the meantime is
// answered 429 with the remaining time as Retry-After (whole seconds, rounded up, at least 1),
// without checking the password, so guessing costs the attacker time and the server no hashing.
// A successful login clears the account's count (not the address's: one address may serve many
// users and one attacker).
//
// Each step is one statement, so one round trip: the check before the password is hashed, then
// either the failure (both keys at once, with the sweep of expired rows) or the success. The check
// and the count are separate, so attempts racing each other may all pass the check before any of
// them is counted: a burst can overshoot a limit by its own concurrency, never more.
//
// A database fault is not an answer: it comes out as db::db_error like any other (the API answers
// 503 for a lost or overloaded database). The check failing means no password is checked; the
// count failing means the attempt is answered with that error instead of its verdict. No attempt
// is let through uncounted.
//
// Holds only the limits, so one object serves every event loop. Pass the loop's primary pool
// (services::pool): throttle_windows is UNLOGGED and a streaming replica cannot read it.
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "db/pool.hpp"

namespace folio::app {

class login_throttle {
 public:
  struct limits {
    std::size_t account_failures;  // per account (a user, or an unknown login name)
    std::size_t address_failures;  // per client address
    std::chrono::milliseconds window;
  };

  explicit login_throttle(limits l) : limits_(l) {}

  // How long until this account or this address may try again; nullopt if neither is locked.
  boost::asio::awaitable<std::optional<std::chrono::seconds>> locked_for(db::pool& primary, std::string account,
                                                                         std::string address) const;
  boost::asio::awaitable<void> failed(db::pool& primary, std::string account, std::string address) const;
  boost::asio::awaitable<void> succeeded(db::pool& primary, std::string account) const;

 private:
  limits limits_;
};

}  // namespace folio::app
