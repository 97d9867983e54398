#include "app/web/access_log.hpp"

#include <charconv>
#include <cstdio>

#include "app/runtime/log.hpp"

namespace folio::app {
namespace {

// Integers are written into the caller's buffer: a line costs no allocation beyond its own text.
std::string_view decimal(char (&buffer)[24], std::uint64_t value) {
  return {buffer, static_cast<std::size_t>(std::to_chars(buffer, buffer + sizeof buffer, value).ptr - buffer)};
}

}  // namespace

void log_access(const net::exchange_record& exchange) {
  if (exchange.shed || !log::enabled(log_level::info)) return;
  char status[24], bytes[24], user[24], duration[24];
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(exchange.duration).count();
  const auto millis_length = std::snprintf(duration, sizeof duration, "%.3f", static_cast<double>(micros) / 1000.0);
  const log::field route{"route", exchange.routed ? exchange.route_pattern : std::string_view("unrouted")};
  // An anonymous request has no user_id field (a field without a key is left out).
  const auto user_id = exchange.user_id > 0
                           ? log::field{"user_id", decimal(user, static_cast<std::uint64_t>(exchange.user_id)), true}
                           : log::field{};
  log::info("request", {{"request_id", exchange.request_id},
                        {"method", exchange.method_text},
                        route,
                        {"status", decimal(status, exchange.status), true},
                        {"duration_ms", {duration, static_cast<std::size_t>(millis_length)}, true},
                        {"bytes", decimal(bytes, exchange.body_bytes), true},
                        user_id});
}

}  // namespace folio::app
