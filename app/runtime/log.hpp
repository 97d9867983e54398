#pragma once
// Log lines on stderr, one per event, in the format LOG_FORMAT names (log_line.hpp). Secrets
// never reach here: callers pass only what may be read by an operator. While `serve` runs, lines
// go through a bounded queue to a writer thread (log_writer.hpp), so logging never blocks an
// event loop; otherwise they are written at once.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "app/runtime/config.hpp"
#include "app/runtime/log_line.hpp"
#include "app/runtime/log_writer.hpp"

namespace folio::app::log {

void set_level(log_level level);
void set_format(log_format format);
bool enabled(log_level level);
void write(log_level level, std::string_view message, std::initializer_list<field> fields = {});
// Lines dropped because the writer's queue was full, since the process started.
std::uint64_t dropped_lines();

// While one exists, lines go through a writer thread's queue of at most `capacity` lines; when
// it ends, what is queued is written. One at a time, created before any thread logs.
class background_writing {
 public:
  explicit background_writing(std::size_t capacity);
  ~background_writing();
  background_writing(const background_writing&) = delete;
  background_writing& operator=(const background_writing&) = delete;

 private:
  log_writer writer_;
};

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
