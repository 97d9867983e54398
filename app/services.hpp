#pragma once
// What handlers need, passed explicitly (no globals): one per io_context.
#include "app/config.hpp"
#include "app/cursor.hpp"
#include "db/pool.hpp"

namespace folio::app {

struct services {
  db::pool& pool;
  const config& settings;
  const cursor_codec& cursors;
};

}  // namespace folio::app
