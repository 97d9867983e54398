#pragma once
// The closed sets of values a content's kind and status take (also CHECKed by the schema).
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace folio::app::contents {

inline constexpr std::array<std::string_view, 4> content_kinds{"novel", "comic", "course", "article"};
inline constexpr std::array<std::string_view, 4> content_statuses{"draft", "ongoing", "completed", "hiatus"};

inline bool is_one_of(const std::array<std::string_view, 4>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// "novel, comic, course, article", for error messages.
inline std::string listed(const std::array<std::string_view, 4>& values) {
  std::string out;
  for (auto v : values) out.append(out.empty() ? "" : ", ").append(v);
  return out;
}

}  // namespace folio::app::contents
