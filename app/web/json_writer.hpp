#pragma once
// Response JSON written straight from plain structs into one string: no intermediate DOM.
// Described structs become objects (base members first, then member order), std::optional becomes null when
// empty, vectors become arrays, db::timestamp its RFC 3339 text
// (format_rfc3339).
#include <boost/describe.hpp>
#include <boost/mp11.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/row.hpp"

namespace folio::app {

void write_json(std::string& out, std::string_view text);
void write_json(std::string& out, std::int64_t number);
void write_json(std::string& out, bool value);
void write_json(std::string& out, db::timestamp time);
// The API's form of a time: RFC 3339 in UTC with milliseconds, truncated ("2026-11-25T10:00:00.000Z").
void append_rfc3339(std::string& out, db::timestamp time);
std::string format_rfc3339(db::timestamp time);
inline void write_json(std::string& out, const std::string& text) { write_json(out, std::string_view(text)); }
inline void write_json(std::string& out, const char* text) { write_json(out, std::string_view(text)); }
inline void write_json(std::string& out, int number) { write_json(out, static_cast<std::int64_t>(number)); }

template <class T>
void write_json(std::string& out, const std::optional<T>& value);
template <class T>
void write_json(std::string& out, const std::vector<T>& values);
template <class T, class = std::enable_if_t<boost::describe::has_describe_members<T>::value>>
void write_json(std::string& out, const T& object);

template <class T>
void write_json(std::string& out, const std::optional<T>& value) {
  if (value)
    write_json(out, *value);
  else
    out += "null";
}

template <class T>
void write_json(std::string& out, const std::vector<T>& values) {
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    write_json(out, values[i]);
  }
  out += ']';
}

template <class T, class>
void write_json(std::string& out, const T& object) {
  out += '{';
  bool first = true;
  boost::mp11::mp_for_each<db::described_members<T>>([&](auto member) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += member.name;
    out += "\":";
    write_json(out, object.*member.pointer);
  });
  out += '}';
}

template <class T>
std::string to_json(const T& value) {
  std::string out;
  out.reserve(512);
  write_json(out, value);
  return out;
}

}  // namespace folio::app
