// Keyset pages: the cursor's key must have the list's shape, and next_cursor drops the row
// fetched to see past the page and encodes the key of the last row kept.
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>
#include <boost/url/url.hpp>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "app/web/pagination.hpp"

namespace json = boost::json;
using folio::app::cursor_codec;
using folio::app::read_keyset_page;

namespace {

const cursor_codec& codec() {
  static const cursor_codec instance("a test secret that is long enough to sign cursors");
  return instance;
}

// GET /items?cursor=<token of [list, key…]>
template <class... Parts>
folio::app::result<folio::app::keyset_page<Parts...>> page_after(const json::array& list_and_key) {
  static const folio::net::http_request message;
  boost::urls::url target("/items");
  target.params().append({"cursor", codec().encode(list_and_key)});
  folio::net::request req{message, boost::urls::url_view(target)};
  return read_keyset_page<Parts...>(req, codec(), "items");
}

struct item {
  std::int64_t id;
  std::string name;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(pagination)

BOOST_AUTO_TEST_CASE(a_cursor_of_the_right_shape_gives_its_key) {
  auto page = page_after<std::string, std::int64_t>({"items", "2026-11-25T10:00:00.000Z", 42});
  BOOST_REQUIRE(static_cast<bool>(page));
  BOOST_TEST(page->limit == 20);
  BOOST_REQUIRE(page->after.has_value());
  BOOST_TEST(std::get<0>(*page->after) == "2026-11-25T10:00:00.000Z");
  BOOST_TEST(std::get<1>(*page->after) == 42);
  BOOST_TEST(page->rows_to_fetch() == 21);
}

BOOST_AUTO_TEST_CASE(a_cursor_of_another_shape_is_400) {
  for (const auto& list_and_key : {json::array{"items", 42, 42}, json::array{"items", "x"}, json::array{"items"},
                                   json::array{"items", "a", 1, 2}}) {
    BOOST_TEST_CONTEXT(json::serialize(list_and_key)) {
      auto page = page_after<std::string, std::int64_t>(list_and_key);
      BOOST_REQUIRE(!static_cast<bool>(page));
      BOOST_TEST(static_cast<unsigned>(page.problem().status) == 400u);
    }
  }
  BOOST_TEST(!static_cast<bool>(page_after<std::int64_t>({"items", "7"})));
  BOOST_TEST(!static_cast<bool>(page_after<std::int64_t>({"other list", 7})));
  BOOST_TEST(static_cast<bool>(page_after<std::int64_t>({"items", 7})));
}

BOOST_AUTO_TEST_CASE(next_cursor_drops_the_extra_row_and_continues_after_the_last_kept) {
  std::vector<item> rows{{3, "c"}, {2, "b"}, {1, "a"}};
  auto key_of = [](const item& row) { return std::tuple{row.name, row.id}; };
  auto next = folio::app::next_cursor(rows, 2, codec(), "items", key_of);
  BOOST_TEST(rows.size() == 2u);
  BOOST_REQUIRE(next.has_value());
  BOOST_TEST(json::serialize(*codec().decode(*next)) == R"(["items","b",2])");

  auto last = folio::app::next_cursor(rows, 2, codec(), "items", key_of);
  BOOST_TEST(!last.has_value());
  BOOST_TEST(rows.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
