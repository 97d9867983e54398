#pragma once
// JSON lines on stderr, one object per event: {"ts","level","msg",...fields}. Secrets never
// reach here: callers pass only what may be read by an operator.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "app/runtime/config.hpp"

namespace folio::app::log {

using field = std::pair<std::string_view, std::string_view>;

void set_level(log_level level);
bool enabled(log_level level);
void write(log_level level, std::string_view message, std::initializer_list<field> fields = {});

// At most one line per `period` for one kind of event that can happen on every request (the
// database is down, say): the others are counted, and the next line written says how many were
// left out. One per call site: `static log::sampled db_down{std::chrono::seconds(1)};`.
class sampled {
 public:
  explicit sampled(std::chrono::steady_clock::duration period) : period_(period) {}
  void write(log_level level, std::string_view message, std::initializer_list<field> fields = {});

 private:
  const std::chrono::steady_clock::duration period_;
  std::atomic<std::chrono::steady_clock::rep> next_{0};
  std::atomic<std::uint64_t> left_out_{0};
};

inline void debug(std::string_view m, std::initializer_list<field> f = {}) { write(log_level::debug, m, f); }
inline void info(std::string_view m, std::initializer_list<field> f = {}) { write(log_level::info, m, f); }
inline void warn(std::string_view m, std::initializer_list<field> f = {}) { write(log_level::warn, m, f); }
inline void error(std::string_view m, std::initializer_list<field> f = {}) { write(log_level::error, m, f); }

}  // namespace folio::app::log
