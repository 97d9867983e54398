#include "app/runtime/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>

namespace folio::app::log {
namespace {

std::atomic<log_level> threshold{log_level::info};
std::atomic<log_format> format{log_format::json};
std::atomic<log_writer*> background{nullptr};
std::atomic<std::uint64_t> dropped_before{0};  // by writers that have ended

// One call per line: lines never interleave. `extra`, when given, is appended to the fields.
void emit(log_level level, std::string_view message, std::initializer_list<field> fields,
          const field* extra = nullptr) {
  line text(format.load(std::memory_order_relaxed), level, message);
  for (const auto& f : fields) text.add(f);
  if (extra) text.add(*extra);
  auto finished = std::move(text).finish();
  if (auto* writer = background.load(std::memory_order_acquire)) {
    writer->push(std::move(finished));
    return;
  }
  std::fwrite(finished.data(), 1, finished.size(), stderr);
}

}  // namespace

void set_level(log_level level) { threshold = level; }
void set_format(log_format f) { format = f; }
bool enabled(log_level level) { return level >= threshold.load(std::memory_order_relaxed); }

void write(log_level level, std::string_view message, std::initializer_list<field> fields) {
  if (enabled(level)) emit(level, message, fields);
}

std::uint64_t dropped_lines() {
  const auto* writer = background.load(std::memory_order_acquire);
  return dropped_before.load(std::memory_order_relaxed) + (writer ? writer->dropped() : 0);
}

background_writing::background_writing(std::size_t capacity) : writer_(capacity, STDERR_FILENO) {
  std::fflush(stderr);  // what was written directly comes first
  background.store(&writer_, std::memory_order_release);
}

background_writing::~background_writing() {
  background.store(nullptr, std::memory_order_release);
  dropped_before.fetch_add(writer_.dropped(), std::memory_order_relaxed);
}

void sampled::write(log_level level, std::string_view message, std::initializer_list<field> fields) {
  if (!enabled(level)) return;
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  auto next = next_.load(std::memory_order_relaxed);
  // One caller per period wins the exchange and writes; everybody else only counts.
  if (now < next || !next_.compare_exchange_strong(next, now + period_.count(), std::memory_order_relaxed)) {
    left_out_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const auto left_out = std::to_string(left_out_.exchange(0, std::memory_order_relaxed));
  const field count{"left_out_since_last_line", left_out, true};
  emit(level, message, fields, &count);
}

}  // namespace folio::app::log
