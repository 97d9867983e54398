#pragma once
// The one exception type of the database layer. Infrastructure faults (connection lost, pool
// exhausted, server errors) travel as db_error and are caught once, at the top of a request.
#include <stdexcept>
#include <string>

namespace folio::db {

class db_error : public std::runtime_error {
 public:
  enum class kind {
    server,       // the server answered with an error: see sqlstate()
    connection,   // the connection broke or could not be made
    unavailable,  // no connection could be had in time (pool saturated or database down)
    protocol,     // a result did not have the shape the code expects
  };

  db_error(kind k, std::string message, std::string sqlstate = {}, std::string detail = {},
           std::string constraint = {});

  kind error_kind() const noexcept { return kind_; }
  const std::string& sqlstate() const noexcept { return sqlstate_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::string& constraint() const noexcept { return constraint_; }

  bool is_unique_violation() const noexcept { return sqlstate_ == "23505"; }
  bool is_foreign_key_violation() const noexcept { return sqlstate_ == "23503"; }
  bool is_check_violation() const noexcept { return sqlstate_ == "23514"; }
  bool is_serialization_failure() const noexcept { return sqlstate_ == "40001" || sqlstate_ == "40P01"; }
  bool is_query_canceled() const noexcept { return sqlstate_ == "57014"; }
  // Errors after which the caller may retry later: the database is down, restarting or overloaded.
  bool is_transient() const noexcept;

 private:
  kind kind_;
  std::string sqlstate_;
  std::string detail_;
  std::string constraint_;
};

}  // namespace folio::db
