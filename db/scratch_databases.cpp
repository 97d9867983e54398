#include "db/scratch_databases.hpp"

#include <boost/asio/this_coro.hpp>
#include <unistd.h>

#include "db/conninfo.hpp"
#include "db/row.hpp"

namespace folio::db {

scratch_databases::scratch_databases(connection_settings admin) : admin_(std::move(admin)) {}

// CREATE/DROP DATABASE take no parameters: the name is quoted by format('%I') on the server.
asio::awaitable<void> scratch_databases::on_admin(const std::string& statement, const std::string& name) {
  auto executor = co_await asio::this_coro::executor;
  auto conn = co_await connection::open(executor, executor, admin_);
  auto sql = co_await conn->execute_sql("SELECT format($1, $2::text)", make_params(statement, name));
  co_await conn->execute_script(sql.value(0, 0));
  conn->close("done");
}

asio::awaitable<connection_settings> scratch_databases::create() {
  const auto name = "folio_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(names_.size());
  names_.push_back(name);
  co_await on_admin("DROP DATABASE IF EXISTS %I WITH (FORCE)", name);
  co_await on_admin("CREATE DATABASE %I", name);
  auto settings = admin_;
  settings.conninfo = conninfo_with_database(admin_.conninfo, name);
  co_return settings;
}

asio::awaitable<void> scratch_databases::drop_all() {
  for (const auto& name : names_) co_await on_admin("DROP DATABASE IF EXISTS %I WITH (FORCE)", name);
}

}  // namespace folio::db
