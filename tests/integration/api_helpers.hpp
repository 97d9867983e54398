#pragma once
// Shortcuts for API tests: users and sessions made directly in the database (so that tests of
// one endpoint do not depend on another), and JSON request helpers.
#include <boost/json.hpp>

#include <map>
#include <string>

#include "harness.hpp"

namespace folio::test {

struct test_user {
  std::int64_t id;
  std::string username;
  std::string token;
  std::map<std::string, std::string> auth() const { return {{"Authorization", "Bearer " + token}}; }
};

// Inserts a user (role "reader" or "admin") and a 30-day session for it.
test_user make_user(const std::string& database_url, const std::string& username, const std::string& role = "reader");

// GET as the given user.
inline response get_as(http_client& client, const std::string& target, const test_user& user) {
  return client.request(http::verb::get, target, {}, user.auth());
}

// Sends a JSON body (serialized as given) with optional extra headers.
response send_json(http_client& client, http::verb method, const std::string& target, const boost::json::value& body,
                   std::map<std::string, std::string> headers = {});

}  // namespace folio::test
