// The contents endpoints' pure input rules: request bodies and GET /contents's query string.
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>
#include <boost/url/url_view.hpp>

#include <string>
#include <vector>

#include "app/contents/listing.hpp"
#include "app/contents/requests.hpp"

namespace json = boost::json;
namespace contents = folio::app::contents;
using folio::app::body_reader;

namespace {

template <class Fields>
std::pair<Fields, std::vector<folio::net::field_error>> read(Fields (*reader)(body_reader&), const json::value& body) {
  const auto& object = body.as_object();
  body_reader r(object);
  auto fields = reader(r);
  return {std::move(fields), r.finish()};
}

std::vector<std::string> fields_of(const std::vector<folio::net::field_error>& errors) {
  std::vector<std::string> names;
  for (const auto& e : errors) names.push_back(e.field);
  return names;
}

folio::app::result<contents::content_filters> filters(const char* target) {
  static const folio::net::http_request message;
  folio::net::request req{message, boost::urls::url_view(target)};
  return contents::read_content_filters(req);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(content_requests)

BOOST_AUTO_TEST_CASE(a_new_content_needs_a_title_and_normalises_tags) {
  auto [fields, errors] =
      read(contents::read_new_content, json::parse(R"({"title":" Road ","tags":[" Sea","sea","SKY"],"kind":"comic"})"));
  BOOST_TEST(errors.empty());
  BOOST_TEST(*fields.title == "Road");
  BOOST_TEST((*fields.tags == std::vector<std::string>{"sea", "sky"}));
  BOOST_TEST(*fields.kind == "comic");
  BOOST_TEST(!fields.slug);
  BOOST_TEST(!fields.status);

  auto missing = read(contents::read_new_content, json::parse(R"({"slug":"x"})")).second;
  BOOST_TEST((fields_of(missing) == std::vector<std::string>{"title"}));
  // A change may leave the title out.
  BOOST_TEST(read(contents::read_content_changes, json::parse(R"({"slug":"x"})")).second.empty());
}

BOOST_AUTO_TEST_CASE(content_fields_are_checked_against_their_rules) {
  auto errors = read(contents::read_content_changes,
                     json::parse(R"({"slug":"Not-Lower","kind":"poem","status":"gone","tags":["a b"],
                                     "description":5,"like_count":3})"))
                    .second;
  BOOST_TEST(
      (fields_of(errors) == std::vector<std::string>{"slug", "description", "kind", "status", "tags", "like_count"}),
      boost::test_tools::per_element());
  auto eleven =
      read(contents::read_content_changes, json::parse(R"({"tags":["a","b","c","d","e","f","g","h","i","j","k"]})"))
          .second;
  BOOST_TEST((fields_of(eleven) == std::vector<std::string>{"tags"}));
  BOOST_TEST(
      read(contents::read_content_changes, json::parse(R"({"status":"draft","kind":"article"})")).second.empty());
}

BOOST_AUTO_TEST_CASE(chapter_bodies_are_kept_and_numbers_bounded) {
  auto [fields, errors] =
      read(contents::read_new_chapter, json::parse(R"({"title":"t","body":"  x \n","publish":true})"));
  BOOST_TEST(errors.empty());
  BOOST_TEST(*fields.body == "  x \n");
  BOOST_TEST(*fields.published);
  BOOST_TEST(!fields.number);
  for (const char* number : {"0", "-1", "2147483648", "1e3", "\"4\"", "18446744073709551616"}) {
    auto bad = read(contents::read_new_chapter,
                    json::parse(std::string(R"({"title":"t","body":"b","number":)") + number + "}"))
                   .second;
    BOOST_TEST((fields_of(bad) == std::vector<std::string>{"number"}), number);
  }
  BOOST_TEST(*read(contents::read_chapter_changes, json::parse(R"({"number":2147483647})")).first.number == 2147483647);
  // Creation says "publish", a change says "published".
  BOOST_TEST((fields_of(read(contents::read_chapter_changes, json::parse(R"({"publish":true})")).second) ==
              std::vector<std::string>{"publish"}));
  BOOST_TEST((fields_of(read(contents::read_new_chapter, json::parse(R"({"title":"t"})")).second) ==
              std::vector<std::string>{"body"}));
}

BOOST_AUTO_TEST_CASE(list_filters_are_read_and_checked) {
  auto plain = filters("/api/v1/contents");
  BOOST_TEST_REQUIRE(static_cast<bool>(plain));
  BOOST_TEST(plain->order->sort == "latest");
  BOOST_TEST(!plain->q);

  auto all =
      filters("/api/v1/contents?sort=popular&author=Mira&tag=%20Sea&kind=comic&status=hiatus&q=%20two%20words%20");
  BOOST_TEST_REQUIRE(static_cast<bool>(all));
  BOOST_TEST(all->order->sort == "popular");
  BOOST_TEST(all->order->list == "contents.popular");
  BOOST_TEST(*all->author == "mira");
  BOOST_TEST(*all->tag == "sea");
  BOOST_TEST(*all->kind == "comic");
  BOOST_TEST(*all->status == "hiatus");
  BOOST_TEST(*all->q == "two words");
  BOOST_TEST(!filters("/api/v1/contents?q=%20%20")->q);

  for (const char* bad : {"?sort=new", "?kind=Comic", "?status=published", "?tag=a_b", "?author=x"}) {
    auto f = filters((std::string("/api/v1/contents") + bad).c_str());
    BOOST_TEST(!static_cast<bool>(f), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
