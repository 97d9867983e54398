#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "app/web/json_writer.hpp"

using folio::app::to_json;

namespace {

struct base_row {
  std::int64_t id;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(base_row, (), (id, name))

struct derived_row : base_row {
  std::optional<std::string> note;
  std::vector<std::string> tags;
  bool flag;
  folio::db::timestamp at;
};
BOOST_DESCRIBE_STRUCT(derived_row, (base_row), (note, tags, flag, at))

}  // namespace

BOOST_AUTO_TEST_SUITE(json_writer)

BOOST_AUTO_TEST_CASE(strings_are_escaped_and_utf8_passes_through) {
  const std::string text = "say \"hi\"\\\n\r\t\x01 é 日本 end";
  BOOST_TEST(to_json(text) == "\"say \\\"hi\\\"\\\\\\n\\r\\t\\u0001 é 日本 end\"");
  BOOST_TEST(boost::json::parse(to_json(text)).as_string() == text);
  BOOST_TEST(to_json(std::string()) == "\"\"");
}

BOOST_AUTO_TEST_CASE(described_structs_include_their_bases_in_order) {
  derived_row row;
  row.id = -42;
  row.name = "n";
  row.tags = {"a", "b"};
  row.flag = true;
  using namespace std::chrono;
  row.at = sys_days{2026y / November / 25} + 10h + 123456us;
  BOOST_TEST(to_json(row) ==
             R"({"id":-42,"name":"n","note":null,"tags":["a","b"],"flag":true,"at":"2026-11-25T10:00:00.123Z"})");
  row.note = "x";
  BOOST_TEST(boost::json::parse(to_json(row)).at("note").as_string() == "x");
}

BOOST_AUTO_TEST_CASE(long_text_round_trips) {
  std::string body(100000, 'w');
  body[500] = '"';
  body[99999] = '\n';
  BOOST_TEST(boost::json::parse(to_json(body)).as_string() == body);
}

BOOST_AUTO_TEST_SUITE_END()
