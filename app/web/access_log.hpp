#pragma once
// The access log: one `info` line per answered request with its request id, method, route
// template, status, duration, body bytes and, when known, the caller's user id. It reads only
// the exchange record, which holds no header value: a password, token, Authorization or cookie
// value cannot reach it. Requests shed by admission control get no line (they are counted in
// /metrics and summarised every 10 s), so an overload does not also flood the log.
#include "net/exchange_record.hpp"

namespace folio::app {

void log_access(const net::exchange_record& exchange);

}  // namespace folio::app
