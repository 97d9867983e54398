#include "app/web/errors.hpp"

#include <boost/system/system_error.hpp>

#include <map>

#include "app/runtime/log.hpp"
#include "db/error.hpp"

namespace folio::app {
namespace {

// Unique constraints (schema/migrations) → the request field that clashed.
const std::map<std::string, std::string, std::less<>> conflicting_field{
    {"users_username_key", "username"},
    {"users_email_key", "email"},
    {"contents_slug_key", "slug"},
    {"chapters_content_number_key", "number"},
};

net::problem from_db_error(const db::db_error& e, const net::request& req) {
  if (e.is_unique_violation()) {
    auto field = conflicting_field.find(e.constraint());
    std::string name = field == conflicting_field.end() ? "id" : field->second;
    return net::conflict(name + " is already taken", {{name, "is already taken"}});
  }
  if (e.is_transient()) {
    // Every request may meet this while the database is down or saturated: one line a second.
    static log::sampled database_unavailable(std::chrono::seconds(1));
    database_unavailable.write(log_level::warn, "database unavailable",
                               {{"request_id", req.request_id}, {"route", req.route}, {"error", e.what()}});
    return net::unavailable("the database is unavailable; retry shortly");
  }
  if (e.is_foreign_key_violation() || e.is_check_violation()) {
    log::warn("constraint rejected a write", {{"request_id", req.request_id}, {"constraint", e.constraint()}});
    return net::validation_failed({{"body", "refers to something that does not exist or breaks a rule"}});
  }
  // Server text stays in the log: clients never see SQL or internals.
  log::error("database error",
             {{"request_id", req.request_id}, {"route", req.route}, {"sqlstate", e.sqlstate()}, {"error", e.what()}});
  return net::internal_error();
}

}  // namespace

net::problem hashing_at_capacity() { return net::unavailable("password hashing is at capacity; retry shortly"); }

net::problem to_problem(std::exception_ptr failure, const net::request& req) {
  try {
    std::rethrow_exception(failure);
  } catch (const db::db_error& e) {
    return from_db_error(e, req);
  } catch (const boost::system::system_error& e) {
    if (e.code() == boost::asio::error::operation_aborted) return net::unavailable("the request was cancelled");
    log::error("unexpected system error", {{"request_id", req.request_id}, {"error", e.what()}});
  } catch (const std::exception& e) {
    log::error("unhandled exception", {{"request_id", req.request_id}, {"route", req.route}, {"error", e.what()}});
  } catch (...) {
    log::error("unhandled non-standard exception", {{"request_id", req.request_id}});
  }
  return net::internal_error();
}

}  // namespace folio::app
