#include "contents_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

namespace folio::test {
namespace {

void collect_seq_scans(const boost::json::object& plan, std::vector<std::string>& tables) {
  if (plan.at("Node Type").as_string() == "Seq Scan") tables.emplace_back(plan.at("Relation Name").as_string());
  if (const auto* children = plan.if_contains("Plans")) {
    for (const auto& child : children->as_array()) collect_seq_scans(child.as_object(), tables);
  }
}

}  // namespace

served_database::served_database() : url(create_database()), folio({url}) { BOOST_REQUIRE(folio.wait_until_serving()); }

boost::json::object object_of(const response& r) { return json_of(r).as_object(); }

std::int64_t id_of(const boost::json::object& o) { return o.at("id").as_int64(); }

std::vector<std::string> keys_of(const boost::json::object& o) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : o) keys.emplace_back(key);
  return keys;
}

std::string content_path(std::int64_t id) { return "/api/v1/contents/" + std::to_string(id); }
std::string chapter_path(std::int64_t id) { return "/api/v1/chapters/" + std::to_string(id); }

boost::json::object create_content(http_client& client, const test_user& user, boost::json::object fields) {
  auto r = send_json(client, http::verb::post, "/api/v1/contents", fields, user.auth());
  BOOST_REQUIRE_MESSAGE(r.result_int() == 201, "POST /contents: " << r.result_int() << " " << r.body());
  return object_of(r);
}

boost::json::object create_chapter(http_client& client, const test_user& user, std::int64_t content_id,
                                   boost::json::object fields) {
  auto r = send_json(client, http::verb::post, content_path(content_id) + "/chapters", fields, user.auth());
  BOOST_REQUIRE_MESSAGE(r.result_int() == 201, "POST chapters: " << r.result_int() << " " << r.body());
  return object_of(r);
}

std::vector<std::int64_t> walk_ids(http_client& client, const std::string& target, int limit,
                                   const std::function<void()>& between,
                                   const std::map<std::string, std::string>& headers) {
  std::vector<std::int64_t> ids;
  const char separator = target.find('?') == std::string::npos ? '?' : '&';
  std::string next = target + separator + "limit=" + std::to_string(limit);
  for (int pages = 0; pages < 1000; ++pages) {
    auto r = client.request(http::verb::get, next, {}, headers);
    BOOST_REQUIRE_MESSAGE(r.result_int() == 200, next << ": " << r.result_int() << " " << r.body());
    auto page = object_of(r);
    const auto& items = page.at("items").as_array();
    BOOST_REQUIRE(items.size() <= static_cast<std::size_t>(limit));
    for (const auto& item : items) ids.push_back(item.at("id").as_int64());
    if (page.at("next_cursor").is_null()) return ids;
    BOOST_REQUIRE(items.size() == static_cast<std::size_t>(limit));  // a cursor only after a full page
    next = target + separator + "limit=" + std::to_string(limit) +
           "&cursor=" + std::string(page.at("next_cursor").as_string());
    if (between) between();
  }
  BOOST_FAIL("the walk never ended");
  return ids;
}

std::vector<std::string> seq_scanned_tables(const std::string& database_url, std::string_view sql,
                                            const std::string& arguments, bool generic) {
  const auto explained = query_value(
      database_url, std::string(generic ? "SET plan_cache_mode = force_generic_plan; " : "") + "PREPARE listed AS " +
                        std::string(sql) + "; EXPLAIN (FORMAT JSON) EXECUTE listed(" + arguments + ")");
  std::vector<std::string> tables;
  collect_seq_scans(boost::json::parse(explained).as_array().at(0).at("Plan").as_object(), tables);
  return tables;
}

}  // namespace folio::test
