#pragma once
// The one write path of contents and chapters: who may write, If-Match, and what is locked.
//
// Without If-Match the lock and the write go in one round trip, as one implicit transaction.
// With If-Match they run in a transaction that, between the two, reads the resource as the
// caller would GET it and compares its ETag: since the lock holds every row the representation
// depends on, nothing can change between the comparison and the write.
#include <boost/asio/awaitable.hpp>

#include <string>

#include "app/web/result.hpp"
#include "app/web/services.hpp"
#include "db/params.hpp"
#include "db/result.hpp"
#include "db/statement.hpp"
#include "net/request.hpp"

namespace folio::app::contents {

struct bound_statement {
  const db::statement* stmt;
  db::param_list params;
};

struct guarded_write {
  bound_statement lock;  // yields a row only when the caller may write, and locks
  bound_statement read;  // the resource as the caller would GET it: a row only when they may see it
  std::string (*represent)(const db::result& read);  // its GET body; null where If-Match does not apply
  bound_statement write;                             // runs after the lock in the same transaction
  std::string missing;    // the 404 detail; also answered to callers who may not see the resource
  std::string forbidden;  // the 403 detail, for callers who see the resource but may not write
};

// The write's result, or 404, 403 or 412 (If-Match does not match; nothing was written).
boost::asio::awaitable<result<db::result>> run_guarded(services& svc, const net::request& req, guarded_write w);

}  // namespace folio::app::contents
