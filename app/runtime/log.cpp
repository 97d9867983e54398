#include "app/runtime/log.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace folio::app::log {
namespace {

std::atomic<log_level> threshold{log_level::info};

std::string now_rfc3339() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];  // room for any int the compiler cannot rule out
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return text;
}

// One call per line: lines never interleave. `extra`, when given, is appended to the fields.
void emit(log_level level, std::string_view message, std::initializer_list<field> fields,
          const field* extra = nullptr) {
  boost::json::object line;
  line["ts"] = now_rfc3339();
  line["level"] = log_level_name(level);
  line["msg"] = message;
  for (const auto& [key, value] : fields) line[key] = value;
  if (extra) line[extra->first] = extra->second;
  auto text = boost::json::serialize(line) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace

void set_level(log_level level) { threshold = level; }
bool enabled(log_level level) { return level >= threshold.load(std::memory_order_relaxed); }

void write(log_level level, std::string_view message, std::initializer_list<field> fields) {
  if (enabled(level)) emit(level, message, fields);
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
  const field count{"left_out_since_last_line", left_out};
  emit(level, message, fields, &count);
}

}  // namespace folio::app::log
