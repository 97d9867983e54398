#pragma once
// What handlers need, passed explicitly (no globals): one per io_context.
#include "app/config.hpp"
#include "app/cursor.hpp"
#include "app/login_throttle.hpp"
#include "app/password_hasher.hpp"
#include "db/pool.hpp"

namespace folio::app {

struct services {
  db::pool& pool;
  const config& settings;
  const cursor_codec& cursors;
  // One of each per process, shared by every io_context (both are thread-safe).
  password_hasher& hasher;
  login_throttle& throttle;
};

}  // namespace folio::app
