#pragma once
// Which database a request's reads go to (docs/scaling.md, "Read replicas").
//
// Writes, transactions and session lookups always run on the primary (services::pool). A GET's
// reads may run on a streaming replica (services::replicas), provided the replica has replayed
// every write the client has seen: a successful write's answer carries the primary's WAL position
// in `X-Folio-LSN`, and a request that sends it back is read on a replica only once that replica
// has replayed it, otherwise on the primary. Without replicas every read runs on the primary and
// writes carry no position.
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string_view>
#include <utility>

#include "app/web/handler.hpp"
#include "db/batch.hpp"
#include "db/lsn.hpp"
#include "db/result.hpp"

namespace folio::app {

inline constexpr std::string_view position_header = "X-Folio-LSN";

// The WAL position X-Folio-LSN names: lsn{} when absent, nullopt when malformed.
std::optional<db::lsn> requested_position(const net::request& req);
// The WAL position the request says its client has seen; lsn{} when it names none.
db::lsn seen_position(const net::request& req);

// A read that may lag as far as the request allows.
boost::asio::awaitable<db::result> read(services& svc, const net::request& req, const db::statement& stmt,
                                        db::param_list params);
template <class... Args>
boost::asio::awaitable<db::result> read(services& svc, const net::request& req, const db::statement& stmt,
                                        Args&&... args) {
  return read(svc, req, stmt, db::make_params(std::forward<Args>(args)...));
}
boost::asio::awaitable<db::connection::results> read_batch(services& svc, const net::request& req,
                                                           db::batch statements);

}  // namespace folio::app
