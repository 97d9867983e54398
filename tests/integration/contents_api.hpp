#pragma once
// Shared by the contents and chapters suites: a server on a database of its own, shortcuts that
// make contents and chapters through the API, page walks, and plan checks.
#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api_helpers.hpp"

namespace folio::test {

struct served_database {
  std::string url;
  folio_process folio;
  served_database();
};

boost::json::object object_of(const response& r);
std::int64_t id_of(const boost::json::object& o);
std::vector<std::string> keys_of(const boost::json::object& o);
std::string content_path(std::int64_t id);
std::string chapter_path(std::int64_t id);

// POSTs as `user` and requires 201; returns the body.
boost::json::object create_content(http_client& client, const test_user& user, boost::json::object fields);
boost::json::object create_chapter(http_client& client, const test_user& user, std::int64_t content_id,
                                   boost::json::object fields);

// The ids of every item of a list, following next_cursor `limit` items at a time; `between`
// runs after each page (to insert rows while walking). Requires 200 for every page.
std::vector<std::int64_t> walk_ids(http_client& client, const std::string& target, int limit,
                                   const std::function<void()>& between = {},
                                   const std::map<std::string, std::string>& headers = {});

// The tables a plan reads with a Seq Scan when `sql` is prepared and executed with `arguments`
// (SQL literals, comma separated); `generic` forces the plan a prepared statement falls back to.
std::vector<std::string> seq_scanned_tables(const std::string& database_url, std::string_view sql,
                                            const std::string& arguments, bool generic);

}  // namespace folio::test
