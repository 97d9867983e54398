#pragma once
// Throttling of registrations per client address, counted in PostgreSQL (throttle_windows) so
// that every folio instance on the database shares the counts.
//
// Every registration that passes validation costs a password hash (tens of milliseconds of CPU
// and tens of MiB at the interactive cost) and a row, so one address may register at most
// `per_address` accounts in a fixed window that opens at its first registration; past it the
// answer is 429 with the rest of the window as Retry-After (whole seconds, rounded up, at least
// 1), before anything is hashed. Registrations count whatever their outcome (201, 409, 503): the
// cost was paid either way.
//
// The check and the count are one statement (one round trip), serialised per address by its row
// lock, so racing registrations cannot overshoot the limit, on one instance or on several. A
// database fault comes out as db::db_error like any other (the API answers 503 for a lost or
// overloaded database): the registration is then refused, never let through uncounted.
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

class registration_throttle {
 public:
  registration_throttle(std::size_t per_address, std::chrono::milliseconds window)
      : per_address_(per_address), window_(window) {}

  // Counts one registration from address and answers nullopt; or, when the address has used up
  // its window, counts nothing and answers how long until it may register again.
  boost::asio::awaitable<std::optional<std::chrono::seconds>> admit(db::pool& primary, std::string address) const;

 private:
  std::size_t per_address_;
  std::chrono::milliseconds window_;
};

}  // namespace folio::app
