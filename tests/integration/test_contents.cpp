// Contents and likes over real HTTP against the real database: the contract's form, slugs, tags,
// visibility, ETags, counters under concurrency, lists, keyset pages and their plans.
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
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

const std::string all_contents = "/api/v1/contents";

response patch(http_client& client, std::int64_t id, const json::object& fields, const test_user& user,
               std::map<std::string, std::string> headers = {}) {
  auto auth = user.auth();
  headers.insert(auth.begin(), auth.end());
  return send_json(client, http::verb::patch, content_path(id), fields, headers);
}

response like(http_client& client, http::verb method, std::int64_t id, const test_user& user) {
  return client.request(method, content_path(id) + "/like", {}, user.auth());
}

std::string field_of_error(const response& r) {
  return std::string(object_of(r).at("errors").as_array().at(0).at("field").as_string());
}

std::vector<std::int64_t> ids_of_page(const response& r) {
  std::vector<std::int64_t> ids;
  const auto page = object_of(r);
  for (const auto& item : page.at("items").as_array()) ids.push_back(item.at("id").as_int64());
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(contents)

BOOST_AUTO_TEST_CASE(create_answers_the_contract_form) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");

  auto r = send_json(
      client, http::verb::post, all_contents,
      {{"title", "  The Long Road \n"}, {"description", "A walk."}, {"tags", {"Fantasy", "slow-burn", "FANTASY"}}},
      mira.auth());
  BOOST_TEST(r.result_int() == 201);
  auto created = object_of(r);
  const auto id = id_of(created);
  BOOST_TEST(r[http::field::location] == content_path(id));
  BOOST_TEST(!r[http::field::etag].empty());
  const std::vector<std::string> keys{
      "id",     "slug",          "title",      "description",    "kind",       "status",     "tags",
      "author", "chapter_count", "like_count", "follower_count", "created_at", "updated_at", "published_at"};
  BOOST_TEST(keys_of(created) == keys, boost::test_tools::per_element());
  const std::vector<std::string> author_keys{"id", "username", "display_name"};
  BOOST_TEST(keys_of(created.at("author").as_object()) == author_keys, boost::test_tools::per_element());
  BOOST_TEST(created.at("author").at("id").as_int64() == mira.id);
  BOOST_TEST(created.at("author").at("username").as_string() == "mira");
  BOOST_TEST(created.at("slug").as_string() == "the-long-road");
  BOOST_TEST(created.at("title").as_string() == "The Long Road");
  BOOST_TEST(created.at("kind").as_string() == "novel");
  BOOST_TEST(created.at("status").as_string() == "draft");
  BOOST_TEST(created.at("tags") == json::value(json::array{"fantasy", "slow-burn"}));
  BOOST_TEST(created.at("chapter_count").as_int64() == 0);
  BOOST_TEST(created.at("like_count").as_int64() == 0);
  BOOST_TEST(created.at("follower_count").as_int64() == 0);
  BOOST_TEST(created.at("published_at").is_null());
  const std::string created_at(created.at("created_at").as_string());
  BOOST_TEST(created_at.size() == 24u);
  BOOST_TEST(created_at.ends_with("Z"));

  // By id and by slug: the same representation and the same strong ETag.
  auto by_id = get_as(client, content_path(id), mira);
  auto by_slug = get_as(client, all_contents + "/the-long-road", mira);
  BOOST_TEST(by_id.result_int() == 200);
  BOOST_TEST(by_id.body() == r.body());
  BOOST_TEST(by_slug.body() == r.body());
  BOOST_TEST(by_id[http::field::etag] == r[http::field::etag]);
  BOOST_TEST(by_slug[http::field::etag] == r[http::field::etag]);

  auto published = create_content(client, mira, {{"title", "Out Now"}, {"status", "ongoing"}, {"kind", "comic"}});
  BOOST_TEST(published.at("published_at") == published.at("created_at"));
  BOOST_TEST(published.at("kind").as_string() == "comic");

  // The caller is authenticated before the body is read.
  BOOST_TEST(client.request(http::verb::post, all_contents, "not json").result_int() == 401);
  auto anonymous = client.request(http::verb::post, all_contents, R"({"title":"x"})");
  BOOST_TEST(anonymous.result_int() == 401);
  BOOST_TEST(anonymous[http::field::www_authenticate] == "Bearer");
}

BOOST_AUTO_TEST_CASE(slugs_are_derived_unique_and_change_only_when_sent) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");

  BOOST_TEST(create_content(client, mira, {{"title", "Same Title"}}).at("slug").as_string() == "same-title");
  BOOST_TEST(create_content(client, mira, {{"title", "same  title!"}}).at("slug").as_string() == "same-title-2");
  BOOST_TEST(create_content(client, mira, {{"title", "Same Title"}}).at("slug").as_string() == "same-title-3");
  BOOST_TEST(create_content(client, mira, {{"title", "長い道"}}).at("slug").as_string() == "content");
  BOOST_TEST(create_content(client, mira, {{"title", "¿¡!?"}}).at("slug").as_string() == "content-2");

  auto taken =
      send_json(client, http::verb::post, all_contents, {{"title", "Other"}, {"slug", "same-title"}}, mira.auth());
  BOOST_TEST(taken.result_int() == 409);
  BOOST_TEST(object_of(taken).at("code").as_string() == "conflict");
  BOOST_TEST(field_of_error(taken) == "slug");
  auto malformed =
      send_json(client, http::verb::post, all_contents, {{"title", "Other"}, {"slug", "Not A Slug"}}, mira.auth());
  BOOST_TEST(malformed.result_int() == 422);
  BOOST_TEST(field_of_error(malformed) == "slug");

  auto own = create_content(client, mira, {{"title", "Whatever"}, {"slug", "my-own"}});
  BOOST_TEST(own.at("slug").as_string() == "my-own");
  const auto id = id_of(own);
  auto retitled = patch(client, id, {{"title", "A New Title"}}, mira);
  BOOST_TEST(retitled.result_int() == 200);
  BOOST_TEST(object_of(retitled).at("slug").as_string() == "my-own");
  auto reslugged = patch(client, id, {{"slug", "fresh-slug"}}, mira);
  BOOST_TEST(object_of(reslugged).at("slug").as_string() == "fresh-slug");
  BOOST_TEST(get_as(client, all_contents + "/my-own", mira).result_int() == 404);
  BOOST_TEST(get_as(client, all_contents + "/fresh-slug", mira).result_int() == 200);
  auto clash = patch(client, id, {{"slug", "same-title"}}, mira);
  BOOST_TEST(clash.result_int() == 409);
  BOOST_TEST(field_of_error(clash) == "slug");

  // A slug of digits is found as a slug when no content has that id.
  auto digits = create_content(client, mira, {{"title", "Year"}, {"slug", "2024"}});
  auto found = get_as(client, all_contents + "/2024", mira);
  BOOST_TEST(found.result_int() == 200);
  BOOST_TEST(id_of(object_of(found)) == id_of(digits));
}

BOOST_AUTO_TEST_CASE(racing_creations_get_distinct_slugs) {
  served_database server;
  constexpr int racers = 12;
  std::vector<test_user> users;
  for (int i = 0; i < racers; ++i) users.push_back(make_user(server.url, "racer" + std::to_string(i)));
  std::vector<response> answers(racers);
  std::vector<std::thread> threads;
  for (int i = 0; i < racers; ++i) {
    threads.emplace_back([&, i] {
      http_client client(server.folio.port());
      answers[i] = send_json(client, http::verb::post, all_contents, {{"title", "The Race"}}, users[i].auth());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> slugs;
  for (const auto& a : answers) {
    BOOST_TEST(a.result_int() == 201);
    if (a.result_int() == 201) slugs.insert(std::string(object_of(a).at("slug").as_string()));
  }
  std::set<std::string> expected{"the-race"};
  for (int i = 2; i <= racers; ++i) expected.insert("the-race-" + std::to_string(i));
  BOOST_TEST(slugs == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(bodies_that_break_rules_are_refused) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto post = [&](const json::value& body) {
    return send_json(client, http::verb::post, all_contents, body, mira.auth());
  };

  for (const char* field : {"color", "like_count", "id", "chapter_count", "created_at", "published_at"}) {
    auto r = post(json::object{{"title", "T"}, {field, 5}});
    BOOST_TEST(r.result_int() == 422, field);
    BOOST_TEST(object_of(r).at("code").as_string() == "validation_failed");
    BOOST_TEST(field_of_error(r) == field);
  }
  BOOST_TEST(post(json::object{{"title", 5}}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", nullptr}}).result_int() == 422);
  BOOST_TEST(post(json::object{}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", "   "}}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", std::string(201, 'a')}}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", std::string(200, 'a')}}).result_int() == 201);
  BOOST_TEST(post(json::object{{"title", "T"}, {"description", std::string(5001, 'd')}}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", "T"}, {"kind", "poem"}}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", "T"}, {"status", "published"}}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", "T"}, {"tags", "fantasy"}}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", "T"}, {"tags", {"bad tag"}}}).result_int() == 422);
  BOOST_TEST(post(json::object{{"title", "T"}, {"tags", {std::string(33, 't')}}}).result_int() == 422);
  json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(json::string("t" + std::to_string(i)));
  BOOST_TEST(post(json::object{{"title", "T"}, {"tags", eleven}}).result_int() == 422);
  // Eleven tags that are ten once de-duplicated are fine.
  eleven.back() = "T0";
  auto ten = post(json::object{{"title", "T"}, {"tags", eleven}});
  BOOST_TEST(ten.result_int() == 201);
  BOOST_TEST(object_of(ten).at("tags").as_array().size() == 10u);

  // Every broken field at once.
  auto several = post(json::object{{"title", ""}, {"kind", "poem"}, {"extra", true}});
  BOOST_TEST(several.result_int() == 422);
  BOOST_TEST(object_of(several).at("errors").as_array().size() == 3u);

  auto raw = [&](const std::string& body, const std::string& type) {
    auto headers = mira.auth();
    headers["Content-Type"] = type;
    return client.request(http::verb::post, all_contents, body, headers);
  };
  BOOST_TEST(raw("{\"title\":", "application/json").result_int() == 400);
  BOOST_TEST(raw("[1,2]", "application/json").result_int() == 400);
  BOOST_TEST(raw("{\"title\":\"\xff\"}", "application/json").result_int() == 400);
  const int wrong_type = raw(R"({"title":"T"})", "text/plain").result_int();
  BOOST_TEST((wrong_type == 415 || wrong_type == 400));
  BOOST_TEST(raw(R"({"title":"a\u0000b"})", "application/json").result_int() == 422);
  const int surrogate = raw(R"({"title":"a\ud800b"})", "application/json").result_int();
  BOOST_TEST((surrogate == 400 || surrogate == 422));
}

BOOST_AUTO_TEST_CASE(drafts_are_hidden_and_only_authors_or_admins_write) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto ren = make_user(server.url, "ren");
  auto boss = make_user(server.url, "boss", "admin");
  const auto draft = id_of(create_content(client, mira, {{"title", "Secret"}}));

  BOOST_TEST(client.get(content_path(draft)).result_int() == 404);
  BOOST_TEST(client.get(all_contents + "/secret").result_int() == 404);
  BOOST_TEST(get_as(client, content_path(draft), ren).result_int() == 404);
  BOOST_TEST(get_as(client, content_path(draft), mira).result_int() == 200);
  BOOST_TEST(get_as(client, content_path(draft), boss).result_int() == 200);
  BOOST_TEST(patch(client, draft, {{"title", "Mine"}}, ren).result_int() == 404);
  BOOST_TEST(client.request(http::verb::delete_, content_path(draft), {}, ren.auth()).result_int() == 404);
  BOOST_TEST(like(client, http::verb::put, draft, ren).result_int() == 404);
  BOOST_TEST(object_of(client.get(all_contents)).at("items").as_array().empty());

  // Published: others see it but may not change it; admins may.
  auto first = patch(client, draft, {{"status", "ongoing"}}, mira);
  BOOST_TEST(first.result_int() == 200);
  const auto published_at = object_of(first).at("published_at");
  BOOST_TEST(published_at.is_string());
  BOOST_TEST(client.get(content_path(draft)).result_int() == 200);
  BOOST_TEST(patch(client, draft, {{"title", "Mine"}}, ren).result_int() == 403);
  BOOST_TEST(client.request(http::verb::delete_, content_path(draft), {}, ren.auth()).result_int() == 403);
  BOOST_TEST(client.request(http::verb::patch, content_path(draft), R"({"title":"x"})").result_int() == 401);
  auto by_admin = patch(client, draft, {{"title", "Moderated"}}, boss);
  BOOST_TEST(by_admin.result_int() == 200);
  BOOST_TEST(object_of(by_admin).at("title").as_string() == "Moderated");

  // published_at is set the first time the status leaves draft, and only then.
  BOOST_TEST(object_of(patch(client, draft, {{"status", "draft"}}, mira)).at("published_at") == published_at);
  BOOST_TEST(client.get(content_path(draft)).result_int() == 404);
  BOOST_TEST(object_of(patch(client, draft, {{"status", "completed"}}, mira)).at("published_at") == published_at);

  BOOST_TEST(client.request(http::verb::delete_, content_path(draft), {}, boss.auth()).result_int() == 204);
  BOOST_TEST(get_as(client, content_path(draft), boss).result_int() == 404);
}

BOOST_AUTO_TEST_CASE(if_match_guards_patch_and_etags_follow_the_representation) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto ren = make_user(server.url, "ren");
  const auto id = id_of(create_content(client, mira, {{"title", "Guarded"}, {"status", "ongoing"}}));
  auto before = client.get(content_path(id));
  const std::string etag(before[http::field::etag]);
  BOOST_TEST(etag.size() == 34u);  // a quoted, strong tag

  auto stale = patch(client, id, {{"title", "Lost"}}, mira, {{"If-Match", "\"0123456789abcdef0123456789abcdef\""}});
  BOOST_TEST(stale.result_int() == 412);
  BOOST_TEST(object_of(stale).at("code").as_string() == "precondition_failed");
  auto after_stale = client.get(content_path(id));
  BOOST_TEST(after_stale.body() == before.body());
  BOOST_TEST(after_stale[http::field::etag] == etag);
  BOOST_TEST(patch(client, id, {{"title", "Lost"}}, mira, {{"If-Match", "W/" + etag}}).result_int() == 412);

  // An empty change changes nothing, not even updated_at or the ETag.
  auto unchanged = patch(client, id, {}, mira, {{"If-Match", etag}});
  BOOST_TEST(unchanged.result_int() == 200);
  BOOST_TEST(unchanged.body() == before.body());

  auto changed =
      patch(client, id, {{"title", "Kept"}, {"tags", {"kept", "tagged"}}}, mira, {{"If-Match", "\"other\", " + etag}});
  BOOST_TEST(changed.result_int() == 200);
  BOOST_TEST(object_of(changed).at("tags") == json::value(json::array{"kept", "tagged"}));
  const std::string second(changed[http::field::etag]);
  BOOST_TEST(second != etag);
  BOOST_TEST(client.get(content_path(id))[http::field::etag] == second);
  BOOST_TEST(patch(client, id, {{"title", "Again"}}, mira, {{"If-Match", etag}}).result_int() == 412);

  // A counter is part of the representation, so a like changes the ETag.
  BOOST_TEST(like(client, http::verb::put, id, ren).result_int() == 204);
  const std::string liked(client.get(content_path(id))[http::field::etag]);
  BOOST_TEST(liked != second);
  BOOST_TEST(patch(client, id, {{"title", "Late"}}, mira, {{"If-Match", second}}).result_int() == 412);
  BOOST_TEST(patch(client, id, {{"title", "Any"}}, mira, {{"If-Match", "*"}}).result_int() == 200);

  const std::string current(client.get(content_path(id))[http::field::etag]);
  auto stale_delete = client.request(http::verb::delete_, content_path(id), {},
                                     {{"Authorization", "Bearer " + mira.token}, {"If-Match", liked}});
  BOOST_TEST(stale_delete.result_int() == 412);
  BOOST_TEST(client.get(content_path(id)).result_int() == 200);
  auto fresh_delete = client.request(http::verb::delete_, content_path(id), {},
                                     {{"Authorization", "Bearer " + mira.token}, {"If-Match", current}});
  BOOST_TEST(fresh_delete.result_int() == 204);
}

BOOST_AUTO_TEST_CASE(likes_are_idempotent_and_exact_under_concurrency) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto ren = make_user(server.url, "ren");
  const auto id = id_of(create_content(client, mira, {{"title", "Likeable"}, {"status", "ongoing"}}));
  auto like_count = [&] { return object_of(client.get(content_path(id))).at("like_count").as_int64(); };

  BOOST_TEST(like(client, http::verb::put, id, ren).result_int() == 204);
  BOOST_TEST(like(client, http::verb::put, id, ren).result_int() == 204);
  BOOST_TEST(like_count() == 1);
  BOOST_TEST(like(client, http::verb::delete_, id, ren).result_int() == 204);
  BOOST_TEST(like(client, http::verb::delete_, id, ren).result_int() == 204);
  BOOST_TEST(like_count() == 0);
  BOOST_TEST(client.request(http::verb::put, content_path(id) + "/like").result_int() == 401);
  BOOST_TEST(like(client, http::verb::put, id + 1000, ren).result_int() == 404);

  constexpr int fans = 50;
  std::vector<test_user> users;
  for (int i = 0; i < fans; ++i) users.push_back(make_user(server.url, "fan" + std::to_string(i)));
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < fans; ++i) {
    threads.emplace_back([&, i] {
      http_client own(server.folio.port());
      // Each fan likes twice: the second must change nothing.
      for (int n = 0; n < 2; ++n) {
        if (like(own, http::verb::put, id, users[i]).result_int() == 204) ++accepted;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(accepted.load() == 2 * fans);
  BOOST_TEST(like_count() == fans);
  BOOST_TEST(query_value(server.url, "SELECT count(*) FROM content_likes WHERE content_id = " + std::to_string(id)) ==
             std::to_string(fans));
}

BOOST_AUTO_TEST_CASE(deleting_a_content_removes_what_hangs_on_it) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto ren = make_user(server.url, "ren");
  const auto id = id_of(create_content(client, mira, {{"title", "Doomed"}, {"status", "ongoing"}}));
  const auto chapter = id_of(create_chapter(client, mira, id, {{"title", "One"}, {"body", "text"}, {"publish", true}}));
  const auto ids = std::to_string(id);
  query_value(server.url, "INSERT INTO comments (chapter_id, user_id, body) VALUES (" + std::to_string(chapter) + ", " +
                              std::to_string(ren.id) + ", 'hi')");
  query_value(server.url, "INSERT INTO library (user_id, content_id, last_read_chapter_id) VALUES (" +
                              std::to_string(ren.id) + ", " + ids + ", " + std::to_string(chapter) + ")");
  BOOST_TEST(like(client, http::verb::put, id, ren).result_int() == 204);

  BOOST_TEST(client.request(http::verb::delete_, content_path(id), {}, mira.auth()).result_int() == 204);
  BOOST_TEST(client.get(content_path(id)).result_int() == 404);
  BOOST_TEST(client.get(chapter_path(chapter)).result_int() == 404);
  BOOST_TEST(query_value(server.url, "SELECT count(*) FROM chapters WHERE content_id = " + ids) == "0");
  BOOST_TEST(query_value(server.url, "SELECT count(*) FROM comments") == "0");
  BOOST_TEST(query_value(server.url, "SELECT count(*) FROM content_likes") == "0");
  BOOST_TEST(query_value(server.url, "SELECT count(*) FROM library") == "0");
  BOOST_TEST(client.request(http::verb::delete_, content_path(id), {}, mira.auth()).result_int() == 404);
}

BOOST_AUTO_TEST_CASE(lists_filter_and_sort) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto ren = make_user(server.url, "ren");
  auto make = [&](const test_user& who, json::object fields) {
    return id_of(create_content(client, who, std::move(fields)));
  };
  const auto dragons = make(mira, {{"title", "Dragons of Autumn"}, {"status", "ongoing"}, {"tags", {"fantasy"}}});
  const auto ships = make(mira, {{"title", "Ships"},
                                 {"description", "A dragon at sea"},
                                 {"status", "completed"},
                                 {"kind", "comic"},
                                 {"tags", {"fantasy", "sea"}}});
  const auto course =
      make(ren, {{"title", "Learn Knots"}, {"status", "hiatus"}, {"kind", "course"}, {"tags", {"sea"}}});
  make(ren, {{"title", "Dragon Draft"}, {"tags", {"fantasy"}}});  // a draft: never listed

  auto ids = [&](const std::string& query) {
    auto r = client.get(all_contents + query);
    BOOST_TEST_REQUIRE(r.result_int() == 200, query << ": " << r.body());
    return ids_of_page(r);
  };
  using ids_t = std::vector<std::int64_t>;
  BOOST_TEST(ids("") == (ids_t{course, ships, dragons}), boost::test_tools::per_element());
  BOOST_TEST(ids("?sort=latest") == (ids_t{course, ships, dragons}), boost::test_tools::per_element());
  BOOST_TEST(ids("?author=mira") == (ids_t{ships, dragons}), boost::test_tools::per_element());
  BOOST_TEST(ids("?author=MIRA") == (ids_t{ships, dragons}), boost::test_tools::per_element());
  BOOST_TEST(ids("?author=nobody").empty());
  BOOST_TEST(ids("?tag=FANTASY") == (ids_t{ships, dragons}), boost::test_tools::per_element());
  BOOST_TEST(ids("?tag=sea&kind=course") == (ids_t{course}), boost::test_tools::per_element());
  BOOST_TEST(ids("?status=completed") == (ids_t{ships}), boost::test_tools::per_element());
  BOOST_TEST(ids("?status=draft").empty());
  BOOST_TEST(ids("?q=dragon") == (ids_t{ships}), boost::test_tools::per_element());  // "Dragons" is another word
  BOOST_TEST(ids("?q=dragons%20autumn") == (ids_t{dragons}), boost::test_tools::per_element());
  BOOST_TEST(ids("?q=AUTUMN&author=mira&tag=fantasy&kind=novel&status=ongoing") == (ids_t{dragons}),
             boost::test_tools::per_element());
  BOOST_TEST(ids("?q=%27%3B%20DROP%20TABLE%20contents%3B%20--").empty());
  BOOST_TEST(ids("?q=%20%20") == (ids_t{course, ships, dragons}), boost::test_tools::per_element());
  BOOST_TEST(ids("?q=%21%3F%26").empty());  // no words at all: nothing matches

  for (const auto& fan : {"fan_a", "fan_b"}) {
    auto user = make_user(server.url, fan);
    BOOST_TEST(like(client, http::verb::put, dragons, user).result_int() == 204);
  }
  BOOST_TEST(like(client, http::verb::put, course, ren).result_int() == 204);
  BOOST_TEST(ids("?sort=popular") == (ids_t{dragons, course, ships}), boost::test_tools::per_element());
  BOOST_TEST(patch(client, ships, {{"description", "Now with more sea"}}, mira).result_int() == 200);
  BOOST_TEST(ids("?sort=updated") == (ids_t{ships, course, dragons}), boost::test_tools::per_element());

  for (const char* bad : {"?sort=oldest", "?kind=poem", "?status=gone", "?tag=a%20b", "?author=a%20b", "?limit=0",
                          "?limit=101", "?limit=ten", "?cursor=nonsense"}) {
    auto r = client.get(all_contents + bad);
    BOOST_TEST(r.result_int() == 400, bad);
    BOOST_TEST(object_of(r).at("code").as_string() == "bad_request");
  }
  BOOST_TEST(client.get(all_contents + "?q=" + std::string(201, 'q')).result_int() == 400);
  auto bad_token = client.request(http::verb::get, all_contents, {}, {{"Authorization", "Bearer nope"}});
  BOOST_TEST(bad_token.result_int() == 401);
  BOOST_TEST(get_as(client, all_contents, mira).result_int() == 200);
}

BOOST_AUTO_TEST_CASE(keyset_pages_return_every_item_once_while_rows_are_inserted) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  std::vector<std::int64_t> originals;
  for (int i = 0; i < 23; ++i)
    originals.push_back(
        id_of(create_content(client, mira, {{"title", "Item " + std::to_string(i)}, {"status", "ongoing"}})));
  // Equal like counts make the popular order rest on the id tie-breaker.
  int inserted = 0;
  auto insert = [&] {
    create_content(client, mira, {{"title", "Late " + std::to_string(inserted++)}, {"status", "ongoing"}});
  };

  for (const std::string target : {"/api/v1/contents", "/api/v1/contents?sort=updated", "/api/v1/contents?sort=popular",
                                   "/api/v1/users/mira/contents"}) {
    auto walked = walk_ids(client, target, 4, insert);
    std::set<std::int64_t> distinct(walked.begin(), walked.end());
    BOOST_TEST(distinct.size() == walked.size(), target << " repeats an item");
    for (auto id : originals) BOOST_TEST(distinct.count(id) == 1u, target << " misses " << id);
  }

  // Cursors are opaque and signed: a changed one, or one of another list, is 400.
  auto first = object_of(client.get(all_contents + "?limit=2"));
  const std::string cursor(first.at("next_cursor").as_string());
  std::string tampered = cursor;
  tampered[tampered.size() / 3] = tampered[tampered.size() / 3] == 'A' ? 'B' : 'A';
  BOOST_TEST(client.get(all_contents + "?limit=2&cursor=" + tampered).result_int() == 400);
  BOOST_TEST(client.get(all_contents + "?limit=2&cursor=" + cursor.substr(0, cursor.size() - 1)).result_int() == 400);
  BOOST_TEST(client.get(all_contents + "?sort=popular&limit=2&cursor=" + cursor).result_int() == 400);
  BOOST_TEST(client.get("/api/v1/users/mira/contents?limit=2&cursor=" + cursor).result_int() == 400);
  BOOST_TEST(client.get(all_contents + "?limit=2&cursor=" + cursor).result_int() == 200);
}

BOOST_AUTO_TEST_CASE(user_contents_are_newest_first_with_drafts_only_to_the_user) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  auto ren = make_user(server.url, "ren");
  auto boss = make_user(server.url, "boss", "admin");
  const auto draft = id_of(create_content(client, mira, {{"title", "Draft"}}));
  const auto older = id_of(create_content(client, mira, {{"title", "Older"}, {"status", "ongoing"}}));
  const auto newer = id_of(create_content(client, mira, {{"title", "Newer"}, {"status", "hiatus"}}));
  create_content(client, ren, {{"title", "Not Mira's"}, {"status", "ongoing"}});

  const std::string target = "/api/v1/users/mira/contents";
  using ids_t = std::vector<std::int64_t>;
  BOOST_TEST(ids_of_page(client.get(target)) == (ids_t{newer, older}), boost::test_tools::per_element());
  BOOST_TEST(ids_of_page(get_as(client, target, ren)) == (ids_t{newer, older}), boost::test_tools::per_element());
  BOOST_TEST(ids_of_page(get_as(client, target, boss)) == (ids_t{newer, older}), boost::test_tools::per_element());
  BOOST_TEST(ids_of_page(get_as(client, target, mira)) == (ids_t{newer, older, draft}),
             boost::test_tools::per_element());
  BOOST_TEST(ids_of_page(client.get("/api/v1/users/MIRA/contents")) == (ids_t{newer, older}),
             boost::test_tools::per_element());
  BOOST_TEST(client.get("/api/v1/users/nobody/contents").result_int() == 404);
  BOOST_TEST(client.get("/api/v1/users/a%20b/contents").result_int() == 404);
  BOOST_TEST(client.request(http::verb::get, target, {}, {{"Authorization", "Bearer nope"}}).result_int() == 401);
}

BOOST_AUTO_TEST_CASE(hostile_input_is_refused_or_stored_verbatim) {
  served_database server;
  http_client client(server.folio.port());
  auto mira = make_user(server.url, "mira");
  for (const char* id : {"99999999999999999999", "9223372036854775808", "0", "-1", "1e3"}) {
    BOOST_TEST(client.get(all_contents + "/" + id).result_int() == 404, id);
    BOOST_TEST(
        send_json(client, http::verb::patch, all_contents + "/" + id, json::object{}, mira.auth()).result_int() == 404,
        id);
    BOOST_TEST(client.request(http::verb::delete_, all_contents + "/" + id, {}, mira.auth()).result_int() == 404, id);
    BOOST_TEST(client.request(http::verb::put, all_contents + "/" + id + "/like", {}, mira.auth()).result_int() == 404,
               id);
    BOOST_TEST(client.get(all_contents + "/" + id + "/chapters").result_int() == 404, id);
  }
  BOOST_TEST(client.get(content_path(9223372036854775807)).result_int() == 404);
  BOOST_TEST(client.get(all_contents + "/%FF").result_int() == 400);
  BOOST_TEST(client.get(all_contents + "?q=%FF").result_int() == 400);
  BOOST_TEST(client.get(all_contents + "?author=%C0%80").result_int() == 400);

  const std::string title = "Robert'); DROP TABLE contents;-- \"$1\" \\";
  const std::string description = "SELECT * FROM users WHERE '1'='1'; -- 日本語 🙂";
  auto created = create_content(client, mira, {{"title", title}, {"description", description}, {"status", "ongoing"}});
  BOOST_TEST(created.at("slug").as_string() == "robert-drop-table-contents-1");
  auto stored = object_of(client.get(content_path(id_of(created))));
  BOOST_TEST(stored.at("title").as_string() == title);
  BOOST_TEST(stored.at("description").as_string() == description);
  BOOST_TEST(query_value(server.url, "SELECT count(*) FROM contents") == "1");
  BOOST_TEST(object_of(client.get(all_contents + "?q=robert")).at("items").as_array().size() == 1u);
}

// Every list ordering is served by an index: with a few thousand rows (and fresh statistics),
// no plan of a list statement, custom or generic, reads the contents table sequentially.
BOOST_AUTO_TEST_CASE(every_list_query_is_served_by_an_index) {
  served_database server;
  query_value(
      server.url,
      "INSERT INTO users (username, email, password_hash, display_name)"
      " SELECT 'writer' || g, 'writer' || g || '@example.test', 'x', 'Writer ' || g FROM generate_series(1, 100) g");
  query_value(
      server.url,
      "INSERT INTO contents (author_id, slug, title, description, kind, status, tags, like_count, published_at,"
      "                      created_at, updated_at)"
      " SELECT (SELECT min(id) FROM users) + g % 100, 'seeded-' || g,"
      "        'Seeded ' || (ARRAY['dragon', 'ship', 'garden', 'clock', 'river'])[1 + g % 5] || ' ' || g,"
      "        'about number' || (g % 400), (ARRAY['novel', 'comic', 'course', 'article'])[1 + g % 4],"
      "        (ARRAY['draft', 'ongoing', 'completed', 'hiatus'])[1 + g % 4], ARRAY['tag' || (g % 40)], g % 300,"
      "        CASE WHEN g % 4 <> 0 THEN now() - g * interval '1 minute' END,"
      "        now() - g * interval '1 minute', now() - g * interval '30 seconds'"
      " FROM generate_series(1, 6000) g");
  query_value(server.url, "VACUUM ANALYZE");

  // The check itself sees a scan when there is one.
  BOOST_TEST(seq_scanned_tables(server.url, "SELECT id FROM contents WHERE description = $1::text", "'x'", false) ==
                 std::vector<std::string>{"contents"},
             boost::test_tools::per_element());

  const std::string top = "9223372036854775807";  // the first page's id bound
  struct listing {
    const folio::db::statement& statement;
    std::vector<std::string> positions;  // the first page's, and one deep in the list
  };
  const std::vector<listing> browse{{queries::list_latest, {"'infinity', " + top, "now() - interval '2 days', 5000"}},
                                    {queries::list_updated, {"'infinity', " + top, "now() - interval '1 day', 5000"}},
                                    {queries::list_popular, {"'" + top + "', " + top, "'2', 5000"}}};
  const std::vector<std::string> filters{"NULL, NULL, NULL, NULL", "'writer7', NULL, NULL, NULL",
                                         "NULL, 'tag3', NULL, NULL", "NULL, NULL, 'comic', 'completed'",
                                         "'writer9', 'tag9', 'novel', NULL"};
  const auto writer = query_value(server.url, "SELECT id FROM users WHERE username = 'writer5'");
  auto reads_contents = [&](const folio::db::statement& statement, const std::string& arguments, bool generic) {
    auto scans = seq_scanned_tables(server.url, statement.sql, arguments, generic);
    return std::count(scans.begin(), scans.end(), "contents") > 0;
  };
  for (bool generic : {false, true}) {
    for (const auto& list : browse) {
      for (const auto& position : list.positions) {
        for (const auto& filter : filters) {
          const auto arguments = position + ", " + filter + ", 21";
          BOOST_TEST(!reads_contents(list.statement, arguments, generic),
                     list.statement.name << "(" << arguments << "), generic " << generic);
        }
      }
    }
    const std::vector<listing> searches{{queries::search_latest, {"'infinity', " + top}},
                                        {queries::search_updated, {"'infinity', " + top}},
                                        {queries::search_popular, {"'" + top + "', " + top}}};
    for (const auto& search : searches) {
      for (const std::string q : {"'number17'", "'dragon 125'", "'clock number3'"}) {
        const auto arguments = search.positions.front() + ", NULL, 'tag17', NULL, NULL, 21, " + q;
        BOOST_TEST(!reads_contents(search.statement, arguments, generic),
                   search.statement.name << "(" << arguments << "), generic " << generic);
      }
    }
    for (const auto& viewer : {std::string("NULL"), writer}) {
      const auto arguments = "'writer5', " + viewer + ", 'infinity', " + top + ", 21";
      BOOST_TEST(!reads_contents(queries::list_by_author, arguments, generic),
                 "list_by_author(" << arguments << "), generic " << generic);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
