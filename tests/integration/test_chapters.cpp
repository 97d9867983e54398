// Chapters over real HTTP against the real database: numbering (also under racing creations),
// visibility of unpublished chapters and their neighbours, chapter_count, bodies, ETags.
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/contents/queries.hpp"
#include "contents_api.hpp"

using namespace folio::test;
namespace json = boost::json;
namespace queries = folio::app::contents;

namespace {

using ids_t = std::vector<std::int64_t>;

std::string chapters_of(std::int64_t content_id) { return content_path(content_id) + "/chapters"; }

response patch(http_client& client, std::int64_t id, const json::object& fields, const test_user& user,
               std::map<std::string, std::string> headers = {}) {
  auto auth = user.auth();
  headers.insert(auth.begin(), auth.end());
  return send_json(client, http::verb::patch, chapter_path(id), fields, headers);
}

ids_t listed(http_client& client, std::int64_t content_id, const std::map<std::string, std::string>& headers = {}) {
  auto r = client.request(http::verb::get, chapters_of(content_id), {}, headers);
  BOOST_TEST_REQUIRE(r.result_int() == 200);
  ids_t ids;
  const auto page = object_of(r);
  for (const auto& item : page.at("items").as_array()) ids.push_back(item.at("id").as_int64());
  return ids;
}

std::int64_t chapter_count(http_client& client, std::int64_t content_id, const test_user& author) {
  return object_of(get_as(client, content_path(content_id), author)).at("chapter_count").as_int64();
}

// A content of `author` with a published status, ready for chapters.
std::int64_t open_content(http_client& client, const test_user& author, const std::string& status = "ongoing") {
  return id_of(create_content(client, author, {{"title", "Serial"}, {"status", status}}));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chapters)

BOOST_AUTO_TEST_CASE(numbers_default_past_the_highest_and_clash_as_conflicts) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  const auto content = open_content(client, mira);

  auto r = send_json(client, http::verb::post, chapters_of(content),
                     {{"title", " Crossing "}, {"body", "  two\twords  "}, {"publish", true}}, mira.auth());
  BOOST_TEST(r.result_int() == 201);
  auto first = object_of(r);
  BOOST_TEST(r[http::field::location] == chapter_path(id_of(first)));
  const std::vector<std::string> keys{"id",           "content_id", "number",    "title", "word_count", "comment_count",
                                      "published_at", "created_at", "updated_at"};
  BOOST_TEST(keys_of(first) == keys, boost::test_tools::per_element());
  BOOST_TEST(first.at("content_id").as_int64() == content);
  BOOST_TEST(first.at("number").as_int64() == 1);
  BOOST_TEST(first.at("title").as_string() == "Crossing");
  BOOST_TEST(first.at("word_count").as_int64() == 2);
  BOOST_TEST(first.at("comment_count").as_int64() == 0);
  BOOST_TEST(first.at("published_at").is_string());

  auto second = create_chapter(client, mira, content, {{"title", "Two"}, {"body", "b"}});
  BOOST_TEST(second.at("number").as_int64() == 2);
  BOOST_TEST(second.at("published_at").is_null());
  BOOST_TEST(create_chapter(client, mira, content, {{"title", "Ten"}, {"body", "b"}, {"number", 10}})
                 .at("number")
                 .as_int64() == 10);
  BOOST_TEST(create_chapter(client, mira, content, {{"title", "Next"}, {"body", "b"}}).at("number").as_int64() == 11);
  BOOST_TEST(
      create_chapter(client, mira, content, {{"title", "Gap"}, {"body", "b"}, {"number", 5}}).at("number").as_int64() ==
      5);
  auto taken = send_json(client, http::verb::post, chapters_of(content),
                         {{"title", "Dup"}, {"body", "b"}, {"number", 2}}, mira.auth());
  BOOST_TEST(taken.result_int() == 409);
  BOOST_TEST(object_of(taken).at("errors").as_array().at(0).at("field").as_string() == "number");
  auto renumber = patch(client, id_of(second), {{"number", 10}}, mira);
  BOOST_TEST(renumber.result_int() == 409);

  // The reader's form: the body, and neighbours.
  auto detail = get_as(client, chapter_path(id_of(first)), mira);
  BOOST_TEST(detail.result_int() == 200);
  BOOST_TEST(!detail[http::field::etag].empty());
  auto read = object_of(detail);
  auto detail_keys = keys;
  for (const char* k : {"body", "prev_id", "next_id"}) detail_keys.emplace_back(k);
  BOOST_TEST(keys_of(read) == detail_keys, boost::test_tools::per_element());
  BOOST_TEST(read.at("body").as_string() == "  two\twords  ");
  BOOST_TEST(read.at("prev_id").is_null());
  BOOST_TEST(read.at("next_id").as_int64() == id_of(second));

  // Lists: by number, without bodies, in keyset pages.
  auto page = object_of(get_as(client, chapters_of(content), mira));
  std::vector<std::int64_t> numbers;
  for (const auto& item : page.at("items").as_array()) {
    BOOST_TEST(!item.as_object().contains("body"));
    numbers.push_back(item.at("number").as_int64());
  }
  BOOST_TEST(numbers == (ids_t{1, 2, 5, 10, 11}), boost::test_tools::per_element());
  auto walked = walk_ids(client, chapters_of(content), 2, {}, mira.auth());
  BOOST_TEST(walked.size() == 5u);
  auto half = object_of(get_as(client, chapters_of(content) + "?limit=2", mira));
  const std::string cursor(half.at("next_cursor").as_string());
  const auto other = open_content(client, mira);
  BOOST_TEST(get_as(client, chapters_of(other) + "?cursor=" + cursor, mira).result_int() == 400);
  BOOST_TEST(get_as(client, chapters_of(content) + "?cursor=x" + cursor, mira).result_int() == 400);
  BOOST_TEST(client.get(chapters_of(content + 1000)).result_int() == 404);
}

BOOST_AUTO_TEST_CASE(racing_creations_get_consecutive_numbers) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  const auto content = open_content(client, mira);
  constexpr int racers = 30;
  std::vector<response> answers(racers);
  std::vector<std::thread> threads;
  for (int i = 0; i < racers; ++i) {
    threads.emplace_back([&, i] {
      http_client own(server.folio.port());
      answers[i] = send_json(own, http::verb::post, chapters_of(content),
                             {{"title", "Racer " + std::to_string(i)}, {"body", "go"}, {"publish", true}}, mira.auth());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::int64_t> numbers;
  for (const auto& a : answers) {
    BOOST_TEST(a.result_int() == 201);
    if (a.result_int() == 201) numbers.insert(object_of(a).at("number").as_int64());
  }
  BOOST_TEST(numbers.size() == static_cast<std::size_t>(racers));
  BOOST_TEST(*numbers.begin() == 1);
  BOOST_TEST(*numbers.rbegin() == racers);
  BOOST_TEST(chapter_count(client, content, mira) == racers);
}

BOOST_AUTO_TEST_CASE(bodies_round_trip_byte_for_byte) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  const auto content = open_content(client, mira);

  // 500000 code points of mixed widths (1 to 4 bytes), white space at both ends kept; with its
  // JSON quoting the request stays under the server's 1 MiB body limit.
  const std::string unit = "a\xC3\xA9 \xE6\x97\xA5\xF0\x9F\x99\x82 ";  // "aé 日🙂 ": 6 code points, 12 bytes
  std::string body = "\n";
  for (int i = 0; i < 83333; ++i) body += unit;
  body += "z";  // 1 + 83333 * 6 + 1 = 500000 code points
  auto created = create_chapter(client, mira, content, {{"title", "Long"}, {"body", body}});
  BOOST_TEST(created.at("word_count").as_int64() == 2 * 83333 + 1);
  auto read = object_of(get_as(client, chapter_path(id_of(created)), mira));
  BOOST_TEST((read.at("body").as_string() == body));

  auto too_long = send_json(client, http::verb::post, chapters_of(content), {{"title", "Longer"}, {"body", body + "!"}},
                            mira.auth());
  BOOST_TEST(too_long.result_int() == 422);

  const std::string sql = "'); DELETE FROM chapters; --\r\n\t\\u0041 \"quoted\"";
  auto hostile = create_chapter(client, mira, content, {{"title", sql}, {"body", sql}});
  auto stored = object_of(get_as(client, chapter_path(id_of(hostile)), mira));
  BOOST_TEST(stored.at("body").as_string() == sql);
  BOOST_TEST(stored.at("title").as_string() == "'); DELETE FROM chapters; --\r\n\t\\u0041 \"quoted\"");
  auto edited = patch(client, id_of(hostile), {{"body", "  one two three  "}}, mira);
  BOOST_TEST(object_of(edited).at("word_count").as_int64() == 3);
  BOOST_TEST(object_of(get_as(client, chapter_path(id_of(hostile)), mira)).at("body").as_string() ==
             "  one two three  ");
}

BOOST_AUTO_TEST_CASE(unpublished_chapters_are_seen_only_by_author_and_admins) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto ren = make_user(server.url, "ren");
  auto boss = make_user(server.url, "boss", "admin");
  const auto content = open_content(client, mira);
  const auto one = id_of(create_chapter(client, mira, content, {{"title", "1"}, {"body", "b"}, {"publish", true}}));
  const auto two = id_of(create_chapter(client, mira, content, {{"title", "2"}, {"body", "b"}}));
  const auto three = id_of(create_chapter(client, mira, content, {{"title", "3"}, {"body", "b"}, {"publish", true}}));

  BOOST_TEST(listed(client, content) == (ids_t{one, three}), boost::test_tools::per_element());
  BOOST_TEST(listed(client, content, ren.auth()) == (ids_t{one, three}), boost::test_tools::per_element());
  BOOST_TEST(listed(client, content, mira.auth()) == (ids_t{one, two, three}), boost::test_tools::per_element());
  BOOST_TEST(listed(client, content, boss.auth()) == (ids_t{one, two, three}), boost::test_tools::per_element());
  BOOST_TEST(client.get(chapter_path(two)).result_int() == 404);
  BOOST_TEST(get_as(client, chapter_path(two), ren).result_int() == 404);
  BOOST_TEST(get_as(client, chapter_path(two), mira).result_int() == 200);
  BOOST_TEST(get_as(client, chapter_path(two), boss).result_int() == 200);
  BOOST_TEST(chapter_count(client, content, mira) == 2);

  // Neighbours skip what the caller may not see.
  BOOST_TEST(object_of(client.get(chapter_path(one))).at("next_id").as_int64() == three);
  BOOST_TEST(object_of(client.get(chapter_path(three))).at("prev_id").as_int64() == one);
  BOOST_TEST(object_of(get_as(client, chapter_path(one), mira)).at("next_id").as_int64() == two);
  BOOST_TEST(object_of(get_as(client, chapter_path(three), boss)).at("prev_id").as_int64() == two);
  BOOST_TEST(object_of(client.get(chapter_path(three))).at("next_id").is_null());

  // Writing: others see published chapters (403) but not unpublished ones (404).
  BOOST_TEST(patch(client, one, {{"title", "x"}}, ren).result_int() == 403);
  BOOST_TEST(patch(client, two, {{"title", "x"}}, ren).result_int() == 404);
  BOOST_TEST(client.request(http::verb::delete_, chapter_path(one), {}, ren.auth()).result_int() == 403);
  BOOST_TEST(client.request(http::verb::delete_, chapter_path(two), {}, ren.auth()).result_int() == 404);
  BOOST_TEST(client.request(http::verb::patch, chapter_path(one), R"({"title":"x"})").result_int() == 401);
  BOOST_TEST(patch(client, two, {{"title", "Edited by an admin"}}, boss).result_int() == 200);
  // Only the author adds chapters; an admin sees the content, so it is 403.
  auto by_other =
      send_json(client, http::verb::post, chapters_of(content), {{"title", "t"}, {"body", "b"}}, ren.auth());
  BOOST_TEST(by_other.result_int() == 403);
  BOOST_TEST(send_json(client, http::verb::post, chapters_of(content), {{"title", "t"}, {"body", "b"}}, boss.auth())
                 .result_int() == 403);
  BOOST_TEST(client.request(http::verb::post, chapters_of(content), R"({"title":"t","body":"b"})").result_int() == 401);

  // The chapters of a draft are hidden with it, published or not.
  BOOST_TEST(
      send_json(client, http::verb::patch, content_path(content), {{"status", "draft"}}, mira.auth()).result_int() ==
      200);
  BOOST_TEST(client.get(chapter_path(one)).result_int() == 404);
  BOOST_TEST(client.get(chapters_of(content)).result_int() == 404);
  BOOST_TEST(get_as(client, chapters_of(content), ren).result_int() == 404);
  BOOST_TEST(send_json(client, http::verb::post, chapters_of(content), {{"title", "t"}, {"body", "b"}}, ren.auth())
                 .result_int() == 404);
  BOOST_TEST(get_as(client, chapter_path(one), mira).result_int() == 200);
}

BOOST_AUTO_TEST_CASE(chapter_count_follows_publishing_and_deleting) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto boss = make_user(server.url, "boss", "admin");
  const auto content = open_content(client, mira);
  const auto one = id_of(create_chapter(client, mira, content, {{"title", "1"}, {"body", "b"}, {"publish", true}}));
  const auto two = id_of(create_chapter(client, mira, content, {{"title", "2"}, {"body", "b"}}));
  BOOST_TEST(chapter_count(client, content, mira) == 1);

  auto published = patch(client, two, {{"published", true}}, mira);
  BOOST_TEST(published.result_int() == 200);
  const auto published_at = object_of(published).at("published_at");
  BOOST_TEST(published_at.is_string());
  BOOST_TEST(chapter_count(client, content, mira) == 2);
  BOOST_TEST(object_of(patch(client, two, {{"published", true}}, mira)).at("published_at") == published_at);
  BOOST_TEST(chapter_count(client, content, mira) == 2);
  BOOST_TEST(object_of(patch(client, two, {{"published", false}}, mira)).at("published_at").is_null());
  BOOST_TEST(chapter_count(client, content, mira) == 1);
  BOOST_TEST(patch(client, two, {{"published", false}}, mira).result_int() == 200);
  BOOST_TEST(chapter_count(client, content, mira) == 1);

  BOOST_TEST(client.request(http::verb::delete_, chapter_path(two), {}, mira.auth()).result_int() == 204);
  BOOST_TEST(chapter_count(client, content, mira) == 1);
  BOOST_TEST(client.request(http::verb::delete_, chapter_path(one), {}, boss.auth()).result_int() == 204);
  BOOST_TEST(chapter_count(client, content, mira) == 0);
  BOOST_TEST(client.request(http::verb::delete_, chapter_path(one), {}, mira.auth()).result_int() == 404);
  BOOST_TEST(get_as(client, chapter_path(one), mira).result_int() == 404);
}

BOOST_AUTO_TEST_CASE(if_match_guards_patch_and_etags_follow_neighbours_and_counters) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  const auto content = open_content(client, mira);
  const auto id = id_of(create_chapter(client, mira, content, {{"title", "One"}, {"body", "b"}, {"publish", true}}));
  auto etag_of = [&](std::int64_t chapter) {
    return std::string(get_as(client, chapter_path(chapter), mira)[http::field::etag]);
  };
  const auto first = etag_of(id);
  const auto before = get_as(client, chapter_path(id), mira).body();

  auto stale = patch(client, id, {{"title", "Lost"}}, mira, {{"If-Match", "\"stale\""}});
  BOOST_TEST(stale.result_int() == 412);
  BOOST_TEST(get_as(client, chapter_path(id), mira).body() == before);

  // A new neighbour changes next_id, so the ETag changes: the old one is stale.
  create_chapter(client, mira, content, {{"title", "Two"}, {"body", "b"}});
  const auto second = etag_of(id);
  BOOST_TEST(second != first);
  BOOST_TEST(patch(client, id, {{"title", "Lost"}}, mira, {{"If-Match", first}}).result_int() == 412);

  // So does a counter.
  query_value(server.url, "UPDATE chapters SET comment_count = 1 WHERE id = " + std::to_string(id));
  const auto third = etag_of(id);
  BOOST_TEST(third != second);

  auto changed = patch(client, id, {{"title", "Kept"}}, mira, {{"If-Match", third}});
  BOOST_TEST(changed.result_int() == 200);
  BOOST_TEST(object_of(changed).at("title").as_string() == "Kept");
  BOOST_TEST(etag_of(id) != third);
  BOOST_TEST(client
                 .request(http::verb::delete_, chapter_path(id), {},
                          {{"Authorization", "Bearer " + mira.token}, {"If-Match", third}})
                 .result_int() == 412);
}

BOOST_AUTO_TEST_CASE(hostile_input_is_refused) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  const auto content = open_content(client, mira);
  const auto id = id_of(create_chapter(client, mira, content, {{"title", "One"}, {"body", "b"}}));
  auto post = [&](const std::string& body) {
    return client.request(http::verb::post, chapters_of(content), body,
                          {{"Authorization", "Bearer " + mira.token}, {"Content-Type", "application/json"}});
  };
  for (const char* bad :
       {R"({"title":"t","body":"b","number":99999999999999999999})",
        R"({"title":"t","body":"b","number":9223372036854775807})", R"({"title":"t","body":"b","number":0})",
        R"({"title":"t","body":"b","number":-3})", R"({"title":"t","body":"b","number":1.5})",
        R"({"title":"t","body":"b","number":"3"})", R"({"title":"t","body":"b","publish":"yes"})",
        R"({"title":"t","body":""})", R"({"title":"t","body":"a\u0000b"})", R"({"title":"t"})",
        R"({"title":"t","body":"b","word_count":1})", R"({"title":"t","body":"b","published":true})",
        R"({"title":"t","body":"b","content_id":1})"}) {
    auto r = post(bad);
    BOOST_TEST(r.result_int() == 422, bad);
  }
  BOOST_TEST(post("{\"title\":\"t\",\"body\":\"\xC3\x28\"}").result_int() == 400);
  BOOST_TEST(create_chapter(client, mira, content, {{"title", "Max"}, {"body", "b"}, {"number", 2147483647}})
                 .at("number")
                 .as_int64() == 2147483647);
  BOOST_TEST(post(R"({"title":"t","body":"b","number":2147483648})").result_int() == 422);
  BOOST_TEST(patch(client, id, {{"publish", true}}, mira).result_int() == 422);  // PATCH's name is "published"
  for (const char* path : {"/api/v1/chapters/99999999999999999999", "/api/v1/chapters/0", "/api/v1/chapters/abc",
                           "/api/v1/chapters/9223372036854775807"}) {
    BOOST_TEST(client.get(path).result_int() == 404, path);
    BOOST_TEST(client.request(http::verb::delete_, path, {}, mira.auth()).result_int() == 404, path);
  }
}

// The chapter list and the neighbour lookups are served by the (content_id, number) index.
BOOST_AUTO_TEST_CASE(chapter_reads_are_served_by_indexes) {
  served_database server;
  query_value(server.url,
              "INSERT INTO users (username, email, password_hash, display_name)"
              " VALUES ('writer', 'writer@example.test', 'x', 'Writer')");
  query_value(server.url,
              "INSERT INTO contents (author_id, slug, title, status, published_at)"
              " SELECT (SELECT id FROM users), 'seeded-' || g, 'Seeded ' || g, 'ongoing', now() FROM "
              "generate_series(1, 300) g");
  query_value(server.url,
              "INSERT INTO chapters (content_id, number, title, body, published_at)"
              " SELECT c.id, n, 'Chapter ' || n, 'text', CASE WHEN n % 7 <> 0 THEN now() END"
              " FROM contents c, generate_series(1, 40) n");
  query_value(server.url, "VACUUM ANALYZE");
  const auto content = query_value(server.url, "SELECT id FROM contents WHERE slug = 'seeded-150'");
  const auto chapter =
      query_value(server.url, "SELECT id FROM chapters WHERE content_id = " + content + " AND number = 20");
  for (bool generic : {false, true}) {
    for (const std::string after : {"0", "25"}) {
      auto scans = seq_scanned_tables(server.url, queries::list_chapters.sql,
                                      content + ", NULL, false, " + after + ", 21", generic);
      BOOST_TEST(scans.empty(), "list_chapters after " << after << ", generic " << generic);
    }
    auto scans = seq_scanned_tables(server.url, queries::get_chapter.sql, chapter + ", NULL, false", generic);
    BOOST_TEST(scans.empty(), "get_chapter, generic " << generic);
  }
}

BOOST_AUTO_TEST_SUITE_END()
