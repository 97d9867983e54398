#pragma once
// The JSON Schema (2020-12, the dialect of OpenAPI 3.1) of what json_writer writes for a type:
// a response body is described by the very struct that produces it, so the two cannot drift.
// Described structs are objects whose every member is present (base members first), optionals
// add null, vectors are arrays, db::timestamp is an RFC 3339 date-time.
#include <boost/describe.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/mp11.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/row.hpp"

namespace folio::app {

template <class T>
struct schema_tag {};

inline boost::json::object schema_for(schema_tag<std::string>) { return {{"type", "string"}}; }
inline boost::json::object schema_for(schema_tag<std::int64_t>) { return {{"type", "integer"}, {"format", "int64"}}; }
inline boost::json::object schema_for(schema_tag<bool>) { return {{"type", "boolean"}}; }
inline boost::json::object schema_for(schema_tag<db::timestamp>) {
  return {{"type", "string"}, {"format", "date-time"}};
}

template <class T>
boost::json::object schema_for(schema_tag<std::optional<T>>);
template <class T>
boost::json::object schema_for(schema_tag<std::vector<T>>);
template <class T, class = std::enable_if_t<boost::describe::has_describe_members<T>::value>>
boost::json::object schema_for(schema_tag<T>);

template <class T>
boost::json::object schema_of() {
  return schema_for(schema_tag<T>{});
}

// Every schema above has a single "type", which null joins.
template <class T>
boost::json::object schema_for(schema_tag<std::optional<T>>) {
  auto schema = schema_of<T>();
  schema["type"] = boost::json::array{schema.at("type"), "null"};
  return schema;
}

template <class T>
boost::json::object schema_for(schema_tag<std::vector<T>>) {
  return {{"type", "array"}, {"items", schema_of<T>()}};
}

template <class T, class>
boost::json::object schema_for(schema_tag<T>) {
  boost::json::object properties;
  boost::json::array required;
  boost::mp11::mp_for_each<db::described_members<T>>([&](auto member) {
    using member_type = std::remove_cvref_t<decltype(std::declval<T&>().*member.pointer)>;
    properties[member.name] = schema_of<member_type>();
    required.emplace_back(member.name);
  });
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}

}  // namespace folio::app
