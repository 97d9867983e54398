#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <latch>
#include <set>
#include <thread>
#include <vector>

#include "api_helpers.hpp"
#include "content_rows.hpp"
#include "harness.hpp"

using namespace folio::test;
namespace json = boost::json;

namespace {

struct running_folio {
  std::string db = create_database();
  folio_process folio{folio_options{db}};
  running_folio() { BOOST_REQUIRE(folio.wait_until_serving()); }
};

std::string library_entry(std::int64_t content) { return "/api/v1/me/library/" + std::to_string(content); }

int follow(http_client& client, const test_user& user, std::int64_t content) {
  return client.request(http::verb::put, library_entry(content), {}, user.auth()).result_int();
}

int unfollow(http_client& client, const test_user& user, std::int64_t content) {
  return client.request(http::verb::delete_, library_entry(content), {}, user.auth()).result_int();
}

response save_progress(http_client& client, const test_user& user, std::int64_t content, const json::value& body) {
  return send_json(client, http::verb::put, "/api/v1/me/progress/" + std::to_string(content), body, user.auth());
}

int progress(http_client& client, const test_user& user, std::int64_t content, std::int64_t chapter) {
  return save_progress(client, user, content, {{"chapter_id", chapter}}).result_int();
}

std::int64_t followers(const std::string& db, std::int64_t content) {
  return std::stoll(query_value(db, "SELECT follower_count FROM contents WHERE id = " + std::to_string(content)));
}

// The whole library, walked `limit` entries at a time.
std::vector<json::object> library_of(http_client& client, const test_user& user, int limit = 100) {
  std::vector<json::object> entries;
  std::string cursor;
  for (int pages = 0; pages < 1000; ++pages) {
    auto target = "/api/v1/me/library?limit=" + std::to_string(limit);
    if (!cursor.empty()) target += "&cursor=" + cursor;
    auto r = client.request(http::verb::get, target, {}, user.auth());
    BOOST_REQUIRE_EQUAL(r.result_int(), 200);
    auto page = json_of(r).as_object();
    for (const auto& item : page.at("items").as_array()) entries.push_back(item.as_object());
    if (page.at("next_cursor").is_null()) return entries;
    cursor = std::string(page.at("next_cursor").as_string());
  }
  BOOST_FAIL("the library never ended");
  return entries;
}

std::vector<std::int64_t> content_ids(const std::vector<json::object>& entries) {
  std::vector<std::int64_t> ids;
  for (const auto& e : entries) ids.push_back(e.at("content").at("id").as_int64());
  return ids;
}

std::set<std::string> keys_of(const json::object& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object) keys.emplace(key);
  return keys;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(library)

BOOST_AUTO_TEST_CASE(follow_and_unfollow_are_idempotent_and_counted) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  auto ren = make_user(f.db, "ren");
  auto mira = make_user(f.db, "mira");
  const auto content = make_content(f.db, writer.id);
  http_client client(f.folio.port());

  BOOST_TEST(follow(client, ren, content) == 204);
  BOOST_TEST(follow(client, ren, content) == 204);
  BOOST_TEST(followers(f.db, content) == 1);
  BOOST_TEST(follow(client, mira, content) == 204);
  BOOST_TEST(followers(f.db, content) == 2);
  BOOST_TEST(unfollow(client, ren, content) == 204);
  BOOST_TEST(unfollow(client, ren, content) == 204);
  BOOST_TEST(followers(f.db, content) == 1);
  BOOST_TEST(unfollow(client, ren, 987654321) == 204);  // nothing to remove is still done
  BOOST_TEST(content_ids(library_of(client, mira)) == std::vector<std::int64_t>{content});
  BOOST_TEST(library_of(client, ren).empty());

  BOOST_TEST(follow(client, ren, 987654321) == 404);
  BOOST_TEST(client.request(http::verb::put, library_entry(content)).result_int() == 401);
  BOOST_TEST(client.request(http::verb::delete_, library_entry(content)).result_int() == 401);
  BOOST_TEST(client.get("/api/v1/me/library").result_int() == 401);

  // A draft is there only for its author (and admins).
  const auto draft = make_content(f.db, writer.id, "draft");
  BOOST_TEST(follow(client, ren, draft) == 404);
  BOOST_TEST(follow(client, writer, draft) == 204);
  BOOST_TEST(follow(client, make_user(f.db, "boss", "admin"), draft) == 204);
  BOOST_TEST(followers(f.db, draft) == 2);
}

BOOST_AUTO_TEST_CASE(follower_count_is_exact_under_concurrent_follows) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  const auto content = make_content(f.db, writer.id);
  const auto chapter = make_chapter(f.db, content);
  constexpr int readers = 25;
  std::vector<test_user> users;
  for (int i = 0; i < readers; ++i) users.push_back(make_user(f.db, "reader" + std::to_string(i)));

  // Each reader follows twice and saves progress (which follows too), all at once.
  std::vector<int> statuses(3 * readers);
  std::latch start(3 * readers);
  std::vector<std::thread> threads;
  for (int i = 0; i < 3 * readers; ++i) {
    threads.emplace_back([&, i] {
      http_client client(f.folio.port());
      start.arrive_and_wait();
      const auto& user = users[i / 3];
      statuses[i] = i % 3 == 2 ? progress(client, user, content, chapter) : follow(client, user, content);
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(std::count(statuses.begin(), statuses.end(), 204) == 3 * readers);
  BOOST_TEST(followers(f.db, content) == readers);
  BOOST_TEST(std::stoll(query_value(f.db, "SELECT count(*) FROM library WHERE last_read_chapter_id = " +
                                              std::to_string(chapter))) == readers);
}

BOOST_AUTO_TEST_CASE(library_lists_most_recently_updated_first) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  auto ren = make_user(f.db, "ren");
  http_client client(f.folio.port());
  std::vector<std::int64_t> contents;
  for (int i = 0; i < 5; ++i) contents.push_back(make_content(f.db, writer.id));
  for (auto c : contents) BOOST_REQUIRE_EQUAL(follow(client, ren, c), 204);
  BOOST_TEST(content_ids(library_of(client, ren)) == (std::vector<std::int64_t>(contents.rbegin(), contents.rend())));

  // Saving progress moves an entry to the front; following again does not.
  const auto chapter = make_chapter(f.db, contents[1]);
  BOOST_TEST(progress(client, ren, contents[1], chapter) == 204);
  BOOST_TEST(follow(client, ren, contents[3]) == 204);
  const std::vector<std::int64_t> expected{contents[1], contents[4], contents[3], contents[2], contents[0]};
  auto entries = library_of(client, ren);
  BOOST_TEST(content_ids(entries) == expected);
  BOOST_TEST(content_ids(library_of(client, ren, 2)) == expected);  // pages walk every entry once
  BOOST_TEST(content_ids(library_of(client, ren, 1)) == expected);

  const auto& front = entries.front();
  BOOST_TEST((keys_of(front) == std::set<std::string>{"content", "last_read_chapter_id", "updated_at"}));
  BOOST_TEST(front.at("last_read_chapter_id").as_int64() == chapter);
  BOOST_TEST(entries.back().at("last_read_chapter_id").is_null());
  const auto& content = front.at("content").as_object();
  BOOST_TEST((keys_of(content) == std::set<std::string>{"id", "slug", "title", "description", "kind", "status", "tags",
                                                        "author", "chapter_count", "like_count", "follower_count",
                                                        "created_at", "updated_at", "published_at"}));
  BOOST_TEST(content.at("status").as_string() == "ongoing");
  BOOST_TEST(content.at("tags") == json::value(json::array{"fantasy"}));
  BOOST_TEST(content.at("follower_count").as_int64() == 1);
  BOOST_TEST(content.at("author").at("username").as_string() == "writer");
  BOOST_TEST(!content.at("published_at").is_null());

  // A content put back to draft drops out of the listing (and comes back when published again).
  query_value(f.db, "UPDATE contents SET status = 'draft' WHERE id = " + std::to_string(contents[4]));
  BOOST_TEST(content_ids(library_of(client, ren)).size() == 4u);

  // Another reader's cursor does not page this library.
  auto first = json_of(client.request(http::verb::get, "/api/v1/me/library?limit=1", {}, ren.auth()));
  auto mira = make_user(f.db, "mira");
  auto foreign =
      client.request(http::verb::get, "/api/v1/me/library?cursor=" + std::string(first.at("next_cursor").as_string()),
                     {}, mira.auth());
  BOOST_TEST(foreign.result_int() == 400);
}

BOOST_AUTO_TEST_CASE(progress_accepts_only_a_visible_chapter_of_the_content) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  auto ren = make_user(f.db, "ren");
  const auto content = make_content(f.db, writer.id);
  const auto chapter = make_chapter(f.db, content);
  const auto unpublished = make_chapter(f.db, content, false);
  const auto elsewhere = make_chapter(f.db, make_content(f.db, writer.id));
  http_client client(f.folio.port());

  auto foreign = save_progress(client, ren, content, {{"chapter_id", elsewhere}});
  BOOST_TEST(foreign.result_int() == 422);
  BOOST_TEST(json_of(foreign).at("errors").at(0).at("field").as_string() == "chapter_id");
  BOOST_TEST(progress(client, ren, content, 987654321) == 422);
  BOOST_TEST(progress(client, ren, content, unpublished) == 404);
  BOOST_TEST(progress(client, ren, 987654321, chapter) == 404);
  BOOST_TEST(save_progress(client, ren, content, json::object{}).result_int() == 422);
  BOOST_TEST(save_progress(client, ren, content, {{"chapter_id", "1"}}).result_int() == 422);
  BOOST_TEST(save_progress(client, ren, content, {{"chapter_id", chapter}, {"page", 3}}).result_int() == 422);
  BOOST_TEST(client.request(http::verb::put, "/api/v1/me/progress/" + std::to_string(content), "[]", ren.auth())
                 .result_int() == 400);
  BOOST_TEST(followers(f.db, content) == 0);  // nothing refused followed anything
  BOOST_TEST(library_of(client, ren).empty());

  // Progress follows the content once.
  BOOST_TEST(progress(client, ren, content, chapter) == 204);
  BOOST_TEST(progress(client, ren, content, chapter) == 204);
  BOOST_TEST(followers(f.db, content) == 1);
  auto entries = library_of(client, ren);
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_TEST(entries[0].at("last_read_chapter_id").as_int64() == chapter);

  // The content's author sees (and may read) unpublished chapters; a draft is not there for others.
  BOOST_TEST(progress(client, writer, content, unpublished) == 204);
  const auto draft = make_content(f.db, writer.id, "draft");
  const auto draft_chapter = make_chapter(f.db, draft);
  BOOST_TEST(progress(client, ren, draft, draft_chapter) == 404);
  BOOST_TEST(progress(client, writer, draft, draft_chapter) == 204);
}

BOOST_AUTO_TEST_CASE(a_deleted_chapter_leaves_no_dangling_progress) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  auto ren = make_user(f.db, "ren");
  const auto content = make_content(f.db, writer.id);
  const auto chapter = make_chapter(f.db, content);
  http_client client(f.folio.port());
  BOOST_REQUIRE_EQUAL(progress(client, ren, content, chapter), 204);
  query_value(f.db, "DELETE FROM chapters WHERE id = " + std::to_string(chapter));
  auto entries = library_of(client, ren);
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_TEST(entries[0].at("content").at("id").as_int64() == content);
  BOOST_TEST(entries[0].at("last_read_chapter_id").is_null());
}

BOOST_AUTO_TEST_SUITE_END()
