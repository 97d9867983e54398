#include "app/web/endpoint.hpp"

namespace folio::app {

query_parameter text_query(std::string_view name, std::string_view description) {
  return {name, description, {{"type", "string"}}};
}

query_parameter choice_query(std::string_view name, std::string_view description,
                             std::span<const std::string_view> values, std::string_view fallback) {
  boost::json::object schema{{"type", "string"}, {"enum", boost::json::array(values.begin(), values.end())}};
  if (!fallback.empty()) schema["default"] = fallback;
  return {name, description, std::move(schema)};
}

}  // namespace folio::app
