#pragma once
// One log line, in either format LOG_FORMAT names: a JSON object ({"ts":…,"level":…,"msg":…,
// fields…}) or logfmt text (ts=… level=… msg=… key=value…). Values are escaped so that no field
// can forge a line or a field of its own.
#include <string>
#include <string_view>

#include "app/runtime/config.hpp"

namespace folio::app::log {

struct field {
  std::string_view key;
  std::string_view value;
  bool number = false;  // written unquoted in JSON: the value must be a JSON number
};

class line {
 public:
  // Starts the line with the current time, the level and the message.
  line(log_format format, log_level level, std::string_view message);
  // A field without a key is left out: how a caller passes a field it may not have.
  void add(const field& f);
  // The finished line, newline included.
  std::string finish() &&;

 private:
  void add(std::string_view key, std::string_view value, bool number);

  log_format format_;
  std::string text_;
};

}  // namespace folio::app::log
