#pragma once
// The caller as the visibility rule sees them: $2 and $3 of the statements in queries.hpp.
#include <cstdint>
#include <optional>

#include "app/web/bearer.hpp"

namespace folio::app::people {

struct viewer {
  std::optional<std::int64_t> id;  // none when anonymous
  bool is_admin = false;
};

inline viewer viewer_of(const std::optional<caller>& who) { return who ? viewer{who->id, who->is_admin()} : viewer{}; }

}  // namespace folio::app::people
