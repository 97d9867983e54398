#pragma once
// What handlers need, passed explicitly (no globals): one per io_context.
#include "app/config.hpp"
#include "db/pool.hpp"

namespace folio::app {

struct services {
  db::pool& pool;
  const config& settings;
};

}  // namespace folio::app
