#pragma once
// Throwaway databases on a server, for comparing schemas: created with unique names, dropped with
// WITH (FORCE) so that a drop also ends sessions still using them (an interrupted comparison).
#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

#include "db/connection.hpp"

namespace folio::db {

class scratch_databases {
 public:
  // `admin` reaches an existing database of the server as a role that may create databases.
  explicit scratch_databases(connection_settings admin);

  // Creates one and returns the settings that reach it.
  asio::awaitable<connection_settings> create();
  // Drops every database created so far; safe to call again, and concurrently with their use.
  asio::awaitable<void> drop_all();

 private:
  asio::awaitable<void> on_admin(const std::string& statement, const std::string& name);

  connection_settings admin_;
  std::vector<std::string> names_;
};

}  // namespace folio::db
