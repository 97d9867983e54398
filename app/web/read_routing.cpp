#include "app/web/read_routing.hpp"

#include "app/web/services.hpp"

namespace folio::app {

namespace asio = boost::asio;

std::optional<db::lsn> requested_position(const net::request& req) {
  auto field = req.message.find(position_header);
  if (field == req.message.end()) return db::lsn{};
  return db::parse_lsn(field->value());
}

db::lsn seen_position(const net::request& req) { return requested_position(req).value_or(db::lsn{}); }

asio::awaitable<db::result> read(services& svc, const net::request& req, const db::statement& stmt,
                                 db::param_list params) {
  co_return co_await svc.replicas.read(seen_position(req), stmt, std::move(params));
}

asio::awaitable<db::connection::results> read_batch(services& svc, const net::request& req, db::batch statements) {
  co_return co_await svc.replicas.read_batch(seen_position(req), std::move(statements));
}

}  // namespace folio::app
