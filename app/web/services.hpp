#pragma once
// What handlers need, passed explicitly (no globals): one per io_context.
#include "app/auth/login_throttle.hpp"
#include "app/auth/password_hasher.hpp"
#include "app/auth/registration_throttle.hpp"
#include "app/runtime/config.hpp"
#include "app/web/cursor.hpp"
#include "app/web/metrics.hpp"
#include "db/pool.hpp"
#include "db/replica_set.hpp"

namespace folio::app {

struct services {
  db::pool& pool;             // the primary: writes, transactions, sessions
  db::replica_set& replicas;  // reads that may lag (app/web/reads.hpp); the primary when empty
  const config& settings;
  const cursor_codec& cursors;
  // One of each per process, shared by every io_context (all are thread-safe).
  password_hasher& hasher;
  login_throttle& throttle;
  registration_throttle& registrations;
  const metrics_sources& metrics;  // what GET /metrics reads, of every loop
};

}  // namespace folio::app
