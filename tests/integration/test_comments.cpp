#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <functional>
#include <latch>
#include <optional>
#include <regex>
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

std::string comments_of(std::int64_t chapter) { return "/api/v1/chapters/" + std::to_string(chapter) + "/comments"; }
std::string comment_at(std::int64_t id) { return "/api/v1/comments/" + std::to_string(id); }
std::string replies_of(std::int64_t id) { return comment_at(id) + "/replies"; }

response post_comment(http_client& client, const test_user& user, std::int64_t chapter, const std::string& body,
                      std::optional<std::int64_t> parent = std::nullopt) {
  json::object request{{"body", body}};
  if (parent) request["parent_id"] = *parent;
  return send_json(client, http::verb::post, comments_of(chapter), request, user.auth());
}

std::int64_t posted(http_client& client, const test_user& user, std::int64_t chapter, const std::string& body,
                    std::optional<std::int64_t> parent = std::nullopt) {
  auto r = post_comment(client, user, chapter, body, parent);
  BOOST_REQUIRE_EQUAL(r.result_int(), 201);
  return json_of(r).at("id").as_int64();
}

response get_as(http_client& client, const std::string& target, const test_user* user = nullptr) {
  return client.request(http::verb::get, target, {}, user ? user->auth() : std::map<std::string, std::string>{});
}

json::object comment_json(http_client& client, std::int64_t id) {
  auto r = client.get(comment_at(id));
  BOOST_REQUIRE_EQUAL(r.result_int(), 200);
  return json_of(r).as_object();
}

response patch_comment(http_client& client, const test_user& user, std::int64_t id, const std::string& body) {
  return send_json(client, http::verb::patch, comment_at(id), json::object{{"body", body}}, user.auth());
}

response delete_comment(http_client& client, const test_user& user, std::int64_t id) {
  return client.request(http::verb::delete_, comment_at(id), {}, user.auth());
}

std::int64_t sql_count(const std::string& db, const std::string& sql) { return std::stoll(query_value(db, sql)); }

std::set<std::string> keys_of(const json::object& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object) keys.emplace(key);
  return keys;
}

bool is_timestamp(const json::value& v) {
  static const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  return v.is_string() && std::regex_match(std::string(v.as_string()), rfc3339);
}

// Every page of a list (`target` already has its query), with `between` run after each page.
std::vector<std::int64_t> walk(
    http_client& client, const std::string& target, const std::function<void()>& between = [] {}) {
  std::vector<std::int64_t> ids;
  std::string cursor;
  for (int pages = 0; pages < 1000; ++pages) {
    auto r = client.get(target + (cursor.empty() ? "" : "&cursor=" + cursor));
    BOOST_REQUIRE_EQUAL(r.result_int(), 200);
    auto page = json_of(r).as_object();
    for (const auto& item : page.at("items").as_array()) ids.push_back(item.at("id").as_int64());
    between();
    if (page.at("next_cursor").is_null()) return ids;
    cursor = std::string(page.at("next_cursor").as_string());
  }
  BOOST_FAIL("the list never ended");
  return ids;
}

int problem_status(const response& r) {
  BOOST_TEST(r[http::field::content_type] == "application/problem+json");
  return r.result_int();
}

bool strictly_increasing(const std::vector<std::int64_t>& ids) {
  return std::adjacent_find(ids.begin(), ids.end(), std::greater_equal<>()) == ids.end();
}

std::string error_field(const response& r) {
  const auto problem = json_of(r);
  const auto& errors = problem.at("errors").as_array();
  return errors.empty() ? "" : std::string(errors.front().at("field").as_string());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(comments)

BOOST_AUTO_TEST_CASE(a_posted_comment_has_the_contract_shape_and_a_location) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  auto ren = make_user(f.db, "ren");
  const auto chapter = make_chapter(f.db, make_content(f.db, writer.id));
  http_client client(f.folio.port());

  auto r = post_comment(client, ren, chapter, "  first!\n");
  BOOST_REQUIRE_EQUAL(r.result_int(), 201);
  auto body = json_of(r).as_object();
  const auto id = body.at("id").as_int64();
  BOOST_TEST(r[http::field::location] == comment_at(id));
  BOOST_TEST((keys_of(body) == std::set<std::string>{"id", "chapter_id", "parent_id", "author", "body", "deleted",
                                                     "reply_count", "created_at", "updated_at"}));
  BOOST_TEST(body.at("chapter_id").as_int64() == chapter);
  BOOST_TEST(body.at("parent_id").is_null());
  BOOST_TEST(body.at("body").as_string() == "  first!\n");  // bodies are not trimmed
  BOOST_TEST(body.at("deleted").as_bool() == false);
  BOOST_TEST(body.at("reply_count").as_int64() == 0);
  BOOST_TEST(is_timestamp(body.at("created_at")));
  BOOST_TEST(is_timestamp(body.at("updated_at")));
  const auto& author = body.at("author").as_object();
  BOOST_TEST((keys_of(author) == std::set<std::string>{"id", "username", "display_name"}));
  BOOST_TEST(author.at("id").as_int64() == ren.id);
  BOOST_TEST(author.at("username").as_string() == "ren");
  BOOST_TEST(json::value(comment_json(client, id)) == json::value(body));

  // "parent_id": null is a top-level comment, like an absent one.
  auto top =
      send_json(client, http::verb::post, comments_of(chapter), {{"body", "x"}, {"parent_id", nullptr}}, ren.auth());
  BOOST_TEST(top.result_int() == 201);
  BOOST_TEST(json_of(top).at("parent_id").is_null());
  BOOST_TEST(sql_count(f.db, "SELECT comment_count FROM chapters WHERE id = " + std::to_string(chapter)) == 2);
}

BOOST_AUTO_TEST_CASE(bodies_and_fields_are_validated) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  const auto chapter = make_chapter(f.db, make_content(f.db, writer.id));
  http_client client(f.folio.port());

  auto anonymous = client.request(http::verb::post, comments_of(chapter), R"({"body":"hi"})",
                                  {{"Content-Type", "application/json"}});
  BOOST_TEST(problem_status(anonymous) == 401);
  BOOST_TEST(anonymous[http::field::www_authenticate] == "Bearer");

  auto empty = post_comment(client, writer, chapter, "");
  BOOST_TEST(problem_status(empty) == 422);
  BOOST_TEST(error_field(empty) == "body");
  BOOST_TEST(post_comment(client, writer, chapter, std::string(10001, 'a')).result_int() == 422);
  std::string longest;
  for (int i = 0; i < 10000; ++i) longest += "\xC3\xA9";  // é: 10000 code points, 20000 bytes
  BOOST_TEST(post_comment(client, writer, chapter, longest).result_int() == 201);

  auto unknown =
      send_json(client, http::verb::post, comments_of(chapter), {{"body", "x"}, {"reply_count", 3}}, writer.auth());
  BOOST_TEST(problem_status(unknown) == 422);
  BOOST_TEST(error_field(unknown) == "reply_count");
  auto typed =
      send_json(client, http::verb::post, comments_of(chapter), {{"body", "x"}, {"parent_id", "7"}}, writer.auth());
  BOOST_TEST(problem_status(typed) == 422);
  BOOST_TEST(error_field(typed) == "parent_id");
  auto huge = client.request(http::verb::post, comments_of(chapter), R"({"body":"x","parent_id":99999999999999999999})",
                             writer.auth());
  BOOST_TEST(huge.result_int() / 100 == 4);
  auto not_json = client.request(http::verb::post, comments_of(chapter), "{", writer.auth());
  BOOST_TEST(problem_status(not_json) == 400);

  BOOST_TEST(problem_status(post_comment(client, writer, 987654321, "x")) == 404);
  BOOST_TEST(client.get("/api/v1/comments/99999999999999999999").result_int() == 404);
  BOOST_TEST(problem_status(client.get(comment_at(987654321))) == 404);
  BOOST_TEST(problem_status(patch_comment(client, writer, 987654321, "x")) == 404);
  BOOST_TEST(problem_status(delete_comment(client, writer, 987654321)) == 404);
}

BOOST_AUTO_TEST_CASE(parent_must_be_a_comment_of_the_same_chapter) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  const auto content = make_content(f.db, writer.id);
  const auto first = make_chapter(f.db, content);
  const auto second = make_chapter(f.db, content);
  http_client client(f.folio.port());
  const auto on_first = posted(client, writer, first, "on the first chapter");

  auto crossed = post_comment(client, writer, second, "wrong thread", on_first);
  BOOST_TEST(problem_status(crossed) == 422);
  BOOST_TEST(json_of(crossed).at("code").as_string() == "validation_failed");
  BOOST_TEST(error_field(crossed) == "parent_id");
  BOOST_TEST(error_field(post_comment(client, writer, second, "no such parent", 987654321)) == "parent_id");
  BOOST_TEST(sql_count(f.db, "SELECT count(*) FROM comments WHERE chapter_id = " + std::to_string(second)) == 0);
  BOOST_TEST(sql_count(f.db, "SELECT comment_count FROM chapters WHERE id = " + std::to_string(second)) == 0);
  BOOST_TEST(comment_json(client, on_first).at("reply_count").as_int64() == 0);
}

BOOST_AUTO_TEST_CASE(threads_nest_to_any_depth) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  auto ren = make_user(f.db, "ren");
  const auto chapter = make_chapter(f.db, make_content(f.db, writer.id));
  http_client client(f.folio.port());

  // A chain 30 deep: each comment answers the one before.
  std::vector<std::int64_t> chain{posted(client, writer, chapter, "root")};
  for (int depth = 1; depth < 30; ++depth)
    chain.push_back(posted(client, depth % 2 ? ren : writer, chapter, "depth " + std::to_string(depth), chain.back()));
  for (std::size_t i = 0; i < chain.size(); ++i) {
    auto c = comment_json(client, chain[i]);
    BOOST_TEST(c.at("reply_count").as_int64() == (i + 1 < chain.size() ? 1 : 0));
    if (i > 0) BOOST_TEST(c.at("parent_id").as_int64() == chain[i - 1]);
    auto replies = walk(client, replies_of(chain[i]) + "?limit=5");
    const auto expected = i + 1 < chain.size() ? std::vector<std::int64_t>{chain[i + 1]} : std::vector<std::int64_t>{};
    BOOST_TEST(replies == expected);
  }
  // Only the root is top-level.
  BOOST_TEST(walk(client, comments_of(chapter) + "?limit=100") == std::vector<std::int64_t>{chain.front()});

  // Direct replies page oldest first.
  std::vector<std::int64_t> answers;
  for (int i = 0; i < 7; ++i) answers.push_back(posted(client, ren, chapter, "answer", chain.front()));
  std::vector<std::int64_t> expected{chain[1]};
  expected.insert(expected.end(), answers.begin(), answers.end());
  BOOST_TEST(walk(client, replies_of(chain.front()) + "?limit=3") == expected);
  BOOST_TEST(comment_json(client, chain.front()).at("reply_count").as_int64() == 8);
  BOOST_TEST(sql_count(f.db, "SELECT comment_count FROM chapters WHERE id = " + std::to_string(chapter)) == 37);
}

BOOST_AUTO_TEST_CASE(deleting_keeps_the_thread_whole) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  auto ren = make_user(f.db, "ren");
  const auto chapter = make_chapter(f.db, make_content(f.db, writer.id));
  const auto count_sql = "SELECT comment_count FROM chapters WHERE id = " + std::to_string(chapter);
  http_client client(f.folio.port());
  const auto top = posted(client, writer, chapter, "top");
  const auto middle = posted(client, ren, chapter, "middle", top);
  const auto leaf = posted(client, writer, chapter, "leaf", middle);
  BOOST_TEST(sql_count(f.db, count_sql) == 3);

  auto before = comment_json(client, middle);
  BOOST_TEST(delete_comment(client, ren, middle).result_int() == 204);
  auto gone = comment_json(client, middle);
  BOOST_TEST(gone.at("deleted").as_bool() == true);
  BOOST_TEST(gone.at("body").is_null());
  BOOST_TEST(gone.at("author") == before.at("author"));  // the author is kept
  BOOST_TEST(gone.at("parent_id").as_int64() == top);
  BOOST_TEST(gone.at("reply_count").as_int64() == 1);
  BOOST_TEST(gone.at("created_at") == before.at("created_at"));
  BOOST_TEST((keys_of(gone) == keys_of(before)));
  BOOST_TEST(sql_count(f.db, count_sql) == 2);  // comment_count counts comments that are not deleted
  BOOST_TEST(sql_count(f.db, "SELECT count(*) FROM comments WHERE id = " + std::to_string(middle)) == 1);

  // Its replies stay readable, and it stays in its parent's replies (reply_count includes it).
  auto replies = json_of(client.get(replies_of(middle))).at("items").as_array();
  BOOST_REQUIRE_EQUAL(replies.size(), 1u);
  BOOST_TEST(replies[0].at("id").as_int64() == leaf);
  BOOST_TEST(replies[0].at("body").as_string() == "leaf");
  auto siblings = json_of(client.get(replies_of(top))).at("items").as_array();
  BOOST_REQUIRE_EQUAL(siblings.size(), 1u);
  BOOST_TEST(siblings[0].at("deleted").as_bool() == true);
  BOOST_TEST(comment_json(client, top).at("reply_count").as_int64() == 1);

  // Deleting twice is fine and counts once; a deleted comment cannot be edited, but can be answered.
  BOOST_TEST(delete_comment(client, ren, middle).result_int() == 204);
  BOOST_TEST(sql_count(f.db, count_sql) == 2);
  auto edit = patch_comment(client, ren, middle, "back again");
  BOOST_TEST(problem_status(edit) == 409);
  BOOST_TEST(json_of(edit).at("code").as_string() == "conflict");
  BOOST_TEST(comment_json(client, middle).at("body").is_null());
  BOOST_TEST(post_comment(client, writer, chapter, "still answerable", middle).result_int() == 201);
  BOOST_TEST(comment_json(client, middle).at("reply_count").as_int64() == 2);
}

BOOST_AUTO_TEST_CASE(who_may_edit_and_delete) {
  running_folio f;
  auto writer = make_user(f.db, "writer");  // the content's author
  auto ren = make_user(f.db, "ren");        // the comment's author
  auto admin = make_user(f.db, "boss", "admin");
  auto stranger = make_user(f.db, "stranger");
  const auto chapter = make_chapter(f.db, make_content(f.db, writer.id));
  http_client client(f.folio.port());
  const auto id = posted(client, ren, chapter, "original");

  // Editing: the comment's author only.
  BOOST_TEST(problem_status(patch_comment(client, writer, id, "x")) == 403);
  BOOST_TEST(problem_status(patch_comment(client, admin, id, "x")) == 403);
  BOOST_TEST(problem_status(patch_comment(client, stranger, id, "x")) == 403);
  auto anonymous_edit =
      client.request(http::verb::patch, comment_at(id), R"({"body":"x"})", {{"Content-Type", "application/json"}});
  BOOST_TEST(problem_status(anonymous_edit) == 401);
  BOOST_TEST(problem_status(patch_comment(client, ren, id, "")) == 422);
  auto unknown =
      send_json(client, http::verb::patch, comment_at(id), {{"body", "x"}, {"parent_id", nullptr}}, ren.auth());
  BOOST_TEST(problem_status(unknown) == 422);
  BOOST_TEST(comment_json(client, id).at("body").as_string() == "original");
  auto edited = patch_comment(client, ren, id, "edited");
  BOOST_REQUIRE_EQUAL(edited.result_int(), 200);
  BOOST_TEST(json_of(edited).at("body").as_string() == "edited");
  BOOST_TEST(json_of(edited).at("author").at("id").as_int64() == ren.id);
  BOOST_TEST(json_of(edited) == json::value(comment_json(client, id)));

  // Deleting: the comment's author, the content's author and admins.
  BOOST_TEST(problem_status(delete_comment(client, stranger, id)) == 403);
  BOOST_TEST(problem_status(client.request(http::verb::delete_, comment_at(id))) == 401);
  BOOST_TEST(comment_json(client, id).at("deleted").as_bool() == false);
  for (const auto* deleter : {&ren, &writer, &admin}) {
    const auto target = posted(client, ren, chapter, "to delete");
    BOOST_TEST(delete_comment(client, *deleter, target).result_int() == 204);
    BOOST_TEST(comment_json(client, target).at("deleted").as_bool() == true);
    BOOST_TEST(problem_status(delete_comment(client, stranger, target)) == 403);  // deleted or not
  }
  BOOST_TEST(sql_count(f.db, "SELECT comment_count FROM chapters WHERE id = " + std::to_string(chapter)) == 1);
}

BOOST_AUTO_TEST_CASE(comments_of_chapters_the_caller_cannot_see_are_not_found) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  auto ren = make_user(f.db, "ren");
  auto admin = make_user(f.db, "boss", "admin");
  const auto draft_chapter = make_chapter(f.db, make_content(f.db, writer.id, "draft"));
  const auto unpublished = make_chapter(f.db, make_content(f.db, writer.id), false);
  http_client client(f.folio.port());

  for (const auto chapter : {draft_chapter, unpublished}) {
    const auto own = posted(client, writer, chapter, "the author may comment");
    const auto admins = posted(client, admin, chapter, "so may admins");
    BOOST_TEST(problem_status(client.get(comments_of(chapter))) == 404);
    BOOST_TEST(problem_status(get_as(client, comments_of(chapter), &ren)) == 404);
    BOOST_TEST(json_of(get_as(client, comments_of(chapter), &writer)).at("items").as_array().size() == 2u);
    BOOST_TEST(json_of(get_as(client, comments_of(chapter), &admin)).at("items").as_array().size() == 2u);
    BOOST_TEST(problem_status(post_comment(client, ren, chapter, "not here")) == 404);
    BOOST_TEST(problem_status(client.get(comment_at(own))) == 404);
    BOOST_TEST(get_as(client, comment_at(own), &writer).result_int() == 200);
    BOOST_TEST(problem_status(get_as(client, replies_of(own), &ren)) == 404);
    BOOST_TEST(get_as(client, replies_of(own), &admin).result_int() == 200);
    BOOST_TEST(problem_status(patch_comment(client, ren, own, "x")) == 404);
    BOOST_TEST(problem_status(delete_comment(client, ren, own)) == 404);
    BOOST_TEST(delete_comment(client, writer, admins).result_int() == 204);
  }
}

BOOST_AUTO_TEST_CASE(counters_stay_exact_under_concurrent_posts_and_deletes) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  const auto chapter = make_chapter(f.db, make_content(f.db, writer.id));
  http_client setup(f.folio.port());
  const auto parent = posted(setup, writer, chapter, "parent");
  constexpr int writers = 50;
  std::vector<std::int64_t> doomed;
  for (int i = 0; i < writers; ++i) doomed.push_back(posted(setup, writer, chapter, "doomed", parent));

  // 50 threads post a reply each (half to the parent, half to a doomed reply) while 50 others
  // delete the doomed replies, each one by two threads at once.
  std::vector<int> post_status(writers), delete_status(2 * writers);
  std::latch start(2 * writers);
  std::vector<std::thread> threads;
  for (int i = 0; i < writers; ++i) {
    threads.emplace_back([&, i] {
      http_client client(f.folio.port());
      start.arrive_and_wait();
      const auto answered = i % 2 ? parent : doomed[i];
      post_status[i] = post_comment(client, writer, chapter, "reply " + std::to_string(i), answered).result_int();
    });
    threads.emplace_back([&, i] {
      http_client client(f.folio.port());
      start.arrive_and_wait();
      delete_status[2 * i] = delete_comment(client, writer, doomed[i]).result_int();
      delete_status[2 * i + 1] = delete_comment(client, writer, doomed[(i + 1) % writers]).result_int();
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(std::count(post_status.begin(), post_status.end(), 201) == writers);
  BOOST_TEST(std::count(delete_status.begin(), delete_status.end(), 204) == 2 * writers);

  const auto chapter_id = std::to_string(chapter);
  BOOST_TEST(comment_json(setup, parent).at("reply_count").as_int64() == writers + writers / 2);
  BOOST_TEST(comment_json(setup, doomed[0]).at("reply_count").as_int64() == 1);
  BOOST_TEST(sql_count(f.db,
                       "SELECT count(*) FROM comments p WHERE reply_count <>"
                       " (SELECT count(*) FROM comments c WHERE c.parent_id = p.id)") == 0);
  BOOST_TEST(sql_count(f.db, "SELECT comment_count FROM chapters WHERE id = " + chapter_id) == 1 + writers);
  BOOST_TEST(sql_count(f.db, "SELECT count(*) FROM comments WHERE deleted_at IS NULL AND chapter_id = " + chapter_id) ==
             1 + writers);
}

BOOST_AUTO_TEST_CASE(pages_walk_every_comment_once_while_new_ones_arrive) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  const auto chapter = make_chapter(f.db, make_content(f.db, writer.id));
  http_client client(f.folio.port());
  std::vector<std::int64_t> existing;
  for (int i = 0; i < 23; ++i) existing.push_back(posted(client, writer, chapter, "c" + std::to_string(i)));
  const auto arrive = [&] { posted(client, writer, chapter, "newcomer"); };

  // Oldest first: every existing comment once, in order; newcomers only after them.
  auto oldest = walk(client, comments_of(chapter) + "?limit=4", arrive);
  BOOST_REQUIRE_GE(oldest.size(), existing.size());
  BOOST_TEST(std::vector<std::int64_t>(oldest.begin(), oldest.begin() + 23) == existing);
  BOOST_TEST(strictly_increasing(oldest));

  // Newest first: every comment that existed when the walk began once, in descending order.
  const auto before_walk = walk(client, comments_of(chapter) + "?limit=100");
  auto newest = walk(client, comments_of(chapter) + "?sort=newest&limit=5", arrive);
  BOOST_TEST(strictly_increasing(std::vector<std::int64_t>(newest.rbegin(), newest.rend())));
  std::vector<std::int64_t> expected(before_walk.rbegin(), before_walk.rend());
  std::vector<std::int64_t> seen_old;
  std::copy_if(newest.begin(), newest.end(), std::back_inserter(seen_old),
               [&](std::int64_t id) { return id <= before_walk.back(); });
  BOOST_TEST(seen_old == expected);

  // Replies page the same way.
  const auto parent = existing.front();
  std::vector<std::int64_t> replies;
  for (int i = 0; i < 9; ++i) replies.push_back(posted(client, writer, chapter, "r", parent));
  auto walked = walk(client, replies_of(parent) + "?limit=2", [&] { posted(client, writer, chapter, "r", parent); });
  BOOST_REQUIRE_GE(walked.size(), replies.size());
  BOOST_TEST(strictly_increasing(walked));
  BOOST_TEST(std::vector<std::int64_t>(walked.begin(), walked.begin() + 9) == replies);
}

BOOST_AUTO_TEST_CASE(bad_list_parameters_are_400) {
  running_folio f;
  auto writer = make_user(f.db, "writer");
  const auto content = make_content(f.db, writer.id);
  const auto chapter = make_chapter(f.db, content);
  const auto other = make_chapter(f.db, content);
  http_client client(f.folio.port());
  for (int i = 0; i < 3; ++i) posted(client, writer, chapter, "c");
  const auto parent = posted(client, writer, chapter, "p");
  for (int i = 0; i < 3; ++i) posted(client, writer, chapter, "r", parent);

  auto first = json_of(client.get(comments_of(chapter) + "?limit=1"));
  const std::string cursor(first.at("next_cursor").as_string());
  BOOST_TEST(client.get(comments_of(chapter) + "?limit=1&cursor=" + cursor).result_int() == 200);
  BOOST_TEST(problem_status(client.get(comments_of(chapter) + "?sort=newest&cursor=" + cursor)) == 400);
  BOOST_TEST(problem_status(client.get(comments_of(other) + "?cursor=" + cursor)) == 400);
  BOOST_TEST(problem_status(client.get(replies_of(parent) + "?cursor=" + cursor)) == 400);
  auto tampered = cursor;
  tampered[tampered.size() / 3] = tampered[tampered.size() / 3] == 'A' ? 'B' : 'A';
  BOOST_TEST(problem_status(client.get(comments_of(chapter) + "?cursor=" + tampered)) == 400);
  BOOST_TEST(problem_status(client.get(comments_of(chapter) + "?sort=popular")) == 400);
  BOOST_TEST(problem_status(client.get(comments_of(chapter) + "?limit=0")) == 400);
  BOOST_TEST(problem_status(client.get(comments_of(chapter) + "?limit=101")) == 400);
  BOOST_TEST(json_of(client.get(comments_of(chapter) + "?limit=100")).at("next_cursor").is_null());
}

BOOST_AUTO_TEST_SUITE_END()
