#include "app/contents/guarded_write.hpp"

#include <vector>

#include "app/web/etag.hpp"

namespace folio::app::contents {

// Each statement runs at most once on every path, so its parameters are moved, never copied.
boost::asio::awaitable<result<db::result>> run_guarded(services& svc, const net::request& req, guarded_write w) {
  if (!w.represent || req.message[net::http::field::if_match].empty()) {
    db::batch statements;
    statements.add(*w.lock.stmt, std::move(w.lock.params)).add(*w.write.stmt, std::move(w.write.params));
    auto results = co_await svc.pool.execute_batch(std::move(statements));
    if (results.at(0).rows() > 0) co_return std::move(results.at(1));
  } else {
    auto tx = co_await svc.pool.begin();
    if ((co_await tx.execute(*w.lock.stmt, std::move(w.lock.params))).rows() > 0) {
      auto current = co_await tx.execute(*w.read.stmt, std::move(w.read.params));
      // Leaving without commit() rolls back: a stale If-Match changes nothing.
      if (!if_match_satisfied(req, strong_etag(w.represent(current))))
        co_return net::precondition_failed("If-Match does not match the current ETag");
      auto written = co_await tx.execute(*w.write.stmt, std::move(w.write.params));
      co_await tx.commit();
      co_return written;
    }
  }
  // Not allowed to write: 403 only to callers who may see the resource, so drafts stay hidden.
  auto visible = co_await svc.pool.execute(*w.read.stmt, std::move(w.read.params));
  if (visible.rows() > 0) co_return net::forbidden(std::move(w.forbidden));
  co_return net::not_found(std::move(w.missing));
}

}  // namespace folio::app::contents
