#include <boost/test/unit_test.hpp>

#include <boost/describe.hpp>
#include <libpq-fe.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/error.hpp"
#include "db/params.hpp"
#include "db/row.hpp"

namespace db = folio::db;

namespace {

// The text libpq would send for parameter i, or nullopt for SQL NULL. Also checks that the
// pointer is NUL-terminated at the announced length, as libpq reads text parameters as C strings.
std::optional<std::string> sent(const db::param_list::native_view& view, int i) {
  if (view.values[i] == nullptr) return std::nullopt;
  std::string text(view.values[i], static_cast<std::size_t>(view.lengths[i]));
  BOOST_TEST(std::strlen(view.values[i]) == static_cast<std::size_t>(view.lengths[i]));
  return text;
}

// A PGresult built in memory (no server): one text-format column per name, rows of optional text.
struct fake_column {
  std::string name;
  Oid type;
};

db::result make_result(const std::vector<fake_column>& columns,
                       const std::vector<std::vector<std::optional<std::string>>>& rows) {
  PGresult* r = PQmakeEmptyPGresult(nullptr, PGRES_TUPLES_OK);
  std::vector<PGresAttDesc> attributes(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    attributes[i] = PGresAttDesc{};
    attributes[i].name = const_cast<char*>(columns[i].name.c_str());
    attributes[i].typid = columns[i].type;
    attributes[i].typlen = -1;
    attributes[i].atttypmod = -1;
  }
  BOOST_REQUIRE(PQsetResultAttrs(r, static_cast<int>(columns.size()), attributes.data()) == 1);
  for (std::size_t row = 0; row < rows.size(); ++row) {
    for (std::size_t column = 0; column < rows[row].size(); ++column) {
      const auto& value = rows[row][column];
      std::string copy = value.value_or("");
      BOOST_REQUIRE(PQsetvalue(r, static_cast<int>(row), static_cast<int>(column), value ? copy.data() : nullptr,
                               value ? static_cast<int>(copy.size()) : -1) == 1);
    }
  }
  return db::result(r);
}

constexpr Oid int8_oid = 20, int4_oid = 23, text_oid = 25, bool_oid = 16, text_array_oid = 1009, float8_oid = 701;

struct sample_row {
  std::int64_t id;
  std::string name;
  std::optional<std::string> bio;
  bool active;
  std::vector<std::string> tags;
};
BOOST_DESCRIBE_STRUCT(sample_row, (), (id, name, bio, active, tags))

const std::vector<fake_column> sample_columns{
    {"id", int8_oid}, {"name", text_oid}, {"bio", text_oid}, {"active", bool_oid}, {"tags", text_array_oid}};

template <class Exception, class F>
bool throws(F f) {
  try {
    f();
  } catch (const Exception&) {
    return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(params_rows)

// --- param_list ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(integers_are_sent_as_decimal_text) {
  const auto min = std::numeric_limits<std::int64_t>::min();
  const auto max = std::numeric_limits<std::int64_t>::max();
  auto params = db::make_params(std::int64_t{42}, std::int64_t{-7}, min, max, 0, 123);
  BOOST_REQUIRE(params.size() == 6);
  auto view = params.native();
  BOOST_TEST(*sent(view, 0) == "42");
  BOOST_TEST(*sent(view, 1) == "-7");
  BOOST_TEST(*sent(view, 2) == std::to_string(min));
  BOOST_TEST(*sent(view, 3) == std::to_string(max));
  BOOST_TEST(*sent(view, 4) == "0");
  BOOST_TEST(*sent(view, 5) == "123");
}

BOOST_AUTO_TEST_CASE(booleans_are_t_and_f) {
  auto params = db::make_params(true, false);
  auto view = params.native();
  BOOST_TEST(*sent(view, 0) == "t");
  BOOST_TEST(*sent(view, 1) == "f");
}

BOOST_AUTO_TEST_CASE(null_and_optionals) {
  std::optional<std::int64_t> some_number = 9, no_number;
  std::optional<std::string> some_text = std::string("hello"), no_text;
  auto params = db::make_params(std::nullopt, some_number, no_number, some_text, no_text);
  BOOST_REQUIRE(params.size() == 5);
  auto view = params.native();
  BOOST_TEST(!sent(view, 0).has_value());
  BOOST_TEST(*sent(view, 1) == "9");
  BOOST_TEST(!sent(view, 2).has_value());
  BOOST_TEST(*sent(view, 3) == "hello");
  BOOST_TEST(!sent(view, 4).has_value());
}

BOOST_AUTO_TEST_CASE(string_view_is_copied_and_terminated) {
  // A view into the middle of a buffer is not NUL-terminated where it ends.
  std::string buffer = "abcdefgh";
  std::string_view middle(buffer.data() + 2, 3);  // "cde"
  auto params = db::make_params(middle);
  buffer.assign("XXXXXXXX");  // the list must not depend on the source any more
  auto view = params.native();
  BOOST_TEST(*sent(view, 0) == "cde");
  BOOST_TEST(view.values[0] != buffer.data() + 2);
}

BOOST_AUTO_TEST_CASE(std_string_and_literals_are_borrowed) {
  const std::string text = "borrowed";
  const char* literal = "literal";
  auto params = db::make_params(text, literal);
  auto view = params.native();
  BOOST_TEST(view.values[0] == text.data());
  BOOST_TEST(*sent(view, 0) == "borrowed");
  BOOST_TEST(view.values[1] == literal);
  BOOST_TEST(*sent(view, 1) == "literal");
}

// Borrowing a temporary would leave the list pointing into a string destroyed at the end of the
// full expression: temporaries, plain or in an optional, are moved in and owned instead.
BOOST_AUTO_TEST_CASE(temporary_strings_are_owned_not_borrowed) {
  auto params = db::make_params(std::string(40, 't'), std::optional<std::string>(std::string(40, 'o')));
  std::vector<std::string> reuse_the_freed_memory(16, std::string(40, 'X'));
  auto view = params.native();
  BOOST_TEST(*sent(view, 0) == std::string(40, 't'));
  BOOST_TEST(*sent(view, 1) == std::string(40, 'o'));
}

BOOST_AUTO_TEST_CASE(arrays_become_quoted_escaped_literals) {
  const std::vector<std::string> tags{"a", "b c", "q\"uote", "back\\slash", "", "{,}", "NULL"};
  auto params = db::make_params(tags);
  auto view = params.native();
  BOOST_TEST(*sent(view, 0) == R"({"a","b c","q\"uote","back\\slash","","{,}","NULL"})");

  auto empty_params = db::make_params(std::vector<std::string>{});
  auto empty = empty_params.native();
  BOOST_TEST(*sent(empty, 0) == "{}");
}

BOOST_AUTO_TEST_CASE(array_literal_round_trips_through_decode) {
  const std::vector<std::string> tags{"plain", "with space", "q\"uote", "back\\slash", "comma,brace}", ""};
  auto params = db::make_params(tags);
  auto view = params.native();
  std::vector<std::string> decoded;
  db::detail::decode(*sent(view, 0), decoded);
  BOOST_TEST(decoded == tags, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(moved_list_keeps_its_values) {
  std::string source = "xyz";
  auto params = db::make_params(std::int64_t{5}, std::string_view(source), std::vector<std::string>{"k"}, true);
  db::param_list moved = std::move(params);
  auto view = moved.native();
  BOOST_TEST(*sent(view, 0) == "5");
  BOOST_TEST(*sent(view, 1) == "xyz");
  BOOST_TEST(*sent(view, 2) == R"({"k"})");
  BOOST_TEST(*sent(view, 3) == "t");
}

BOOST_AUTO_TEST_CASE(more_than_capacity_is_refused) {
  db::param_list params;
  for (int i = 0; i < db::param_list::capacity; ++i) params.add(i);
  BOOST_TEST(params.size() == db::param_list::capacity);
  BOOST_CHECK_THROW(params.add(1), std::length_error);
  BOOST_CHECK_THROW(params.add(std::string_view("x")), std::length_error);
  BOOST_CHECK_THROW(params.add(std::vector<std::string>{"x"}), std::length_error);
  BOOST_CHECK_THROW(params.add(true), std::length_error);
  BOOST_CHECK_THROW(params.add(std::nullopt), std::length_error);
  BOOST_TEST(params.size() == db::param_list::capacity);
}

// --- decode -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(decode_arrays) {
  std::vector<std::string> out{"stale"};
  db::detail::decode(R"({a,b,"c d","e\"f"})", out);
  BOOST_TEST(out == (std::vector<std::string>{"a", "b", "c d", "e\"f"}), boost::test_tools::per_element());

  db::detail::decode("{}", out);
  BOOST_TEST(out.empty());

  db::detail::decode(R"({"back\\slash","",single})", out);
  BOOST_TEST(out == (std::vector<std::string>{"back\\slash", "", "single"}), boost::test_tools::per_element());

  db::detail::decode(R"({"a,b","}"})", out);
  BOOST_TEST(out == (std::vector<std::string>{"a,b", "}"}), boost::test_tools::per_element());

  for (std::string_view bad : {"", "{", "}", "a,b", "[a]"}) {
    BOOST_TEST(throws<db::db_error>([&] { db::detail::decode(bad, out); }), "array '" << bad << "'");
  }
}

BOOST_AUTO_TEST_CASE(decode_booleans) {
  bool out = false;
  db::detail::decode("t", out);
  BOOST_TEST(out);
  db::detail::decode("f", out);
  BOOST_TEST(!out);
  for (std::string_view bad : {"", "true", "false", "T", "1", "tt"}) {
    BOOST_TEST(throws<db::db_error>([&] { db::detail::decode(bad, out); }), "boolean '" << bad << "'");
  }
}

BOOST_AUTO_TEST_CASE(decode_integers) {
  std::int64_t big = 0;
  db::detail::decode("-9223372036854775808", big);
  BOOST_TEST(big == std::numeric_limits<std::int64_t>::min());
  db::detail::decode("9223372036854775807", big);
  BOOST_TEST(big == std::numeric_limits<std::int64_t>::max());
  std::int32_t small = 0;
  db::detail::decode("-2147483648", small);
  BOOST_TEST(small == std::numeric_limits<std::int32_t>::min());

  for (std::string_view bad : {"", "12x", "x12", " 1", "1 ", "1.5", "9223372036854775808", "99999999999999999999"}) {
    BOOST_TEST(throws<db::db_error>([&] { db::detail::decode(bad, big); }), "int64 '" << bad << "'");
  }
  for (std::string_view bad : {"2147483648", "-2147483649", "abc"}) {
    BOOST_TEST(throws<db::db_error>([&] { db::detail::decode(bad, small); }), "int32 '" << bad << "'");
  }
}

BOOST_AUTO_TEST_CASE(decode_error_kind_is_protocol) {
  std::int64_t out = 0;
  try {
    db::detail::decode("nope", out);
    BOOST_FAIL("decode accepted a bad integer");
  } catch (const db::db_error& e) {
    BOOST_TEST(static_cast<int>(e.error_kind()) == static_cast<int>(db::db_error::kind::protocol));
  }
}

BOOST_AUTO_TEST_CASE(decode_doubles_and_text) {
  double d = 0;
  db::detail::decode("2.5", d);
  BOOST_TEST(d == 2.5);
  BOOST_TEST(throws<db::db_error>([&] { db::detail::decode("2.5x", d); }));
  std::string s;
  db::detail::decode("any \"text\"", s);
  BOOST_TEST(s == "any \"text\"");
}

// --- rows ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(rows_map_by_column_name) {
  // Columns in a different order from the struct's members.
  auto r = make_result(
      {{"tags", text_array_oid}, {"active", bool_oid}, {"bio", text_oid}, {"name", text_oid}, {"id", int8_oid}},
      {{"{x,\"y z\"}", "t", std::nullopt, "ana", "1"}, {"{}", "f", "hello", "bo", "2"}});
  auto rows = db::all<sample_row>(r);
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0].id == 1);
  BOOST_TEST(rows[0].name == "ana");
  BOOST_TEST(!rows[0].bio.has_value());
  BOOST_TEST(rows[0].active);
  BOOST_TEST(rows[0].tags == (std::vector<std::string>{"x", "y z"}), boost::test_tools::per_element());
  BOOST_TEST(rows[1].id == 2);
  BOOST_TEST(*rows[1].bio == "hello");
  BOOST_TEST(!rows[1].active);
  BOOST_TEST(rows[1].tags.empty());
}

BOOST_AUTO_TEST_CASE(one_and_maybe_one_check_the_row_count) {
  auto none = make_result(sample_columns, {});
  auto single = make_result(sample_columns, {{"1", "a", std::nullopt, "t", "{}"}});
  auto two = make_result(sample_columns, {{"1", "a", std::nullopt, "t", "{}"}, {"2", "b", "c", "f", "{}"}});

  BOOST_TEST(db::all<sample_row>(none).empty());
  BOOST_TEST(!db::maybe_one<sample_row>(none).has_value());
  BOOST_TEST(db::maybe_one<sample_row>(single)->name == "a");
  BOOST_TEST(db::one<sample_row>(single).id == 1);
  BOOST_TEST(throws<db::db_error>([&] { db::one<sample_row>(none); }));
  BOOST_TEST(throws<db::db_error>([&] { db::one<sample_row>(two); }));
  BOOST_TEST(throws<db::db_error>([&] { db::maybe_one<sample_row>(two); }));
}

BOOST_AUTO_TEST_CASE(null_in_a_required_member_or_a_missing_column_throws) {
  auto null_name = make_result(sample_columns, {{"1", std::nullopt, std::nullopt, "t", "{}"}});
  BOOST_TEST(throws<db::db_error>([&] { db::one<sample_row>(null_name); }));

  auto missing = make_result({{"id", int8_oid}, {"name", text_oid}}, {{"1", "a"}});
  BOOST_TEST(throws<db::db_error>([&] { db::one<sample_row>(missing); }));

  auto bad_int = make_result(sample_columns, {{"one", "a", std::nullopt, "t", "{}"}});
  BOOST_TEST(throws<db::db_error>([&] { db::one<sample_row>(bad_int); }));
}

BOOST_AUTO_TEST_CASE(column_check_reports_mismatches) {
  BOOST_TEST(db::detail::check_row_columns<sample_row>(make_result(sample_columns, {})).empty());
  // int4 fits an int64 member.
  auto narrower = sample_columns;
  narrower[0].type = int4_oid;
  BOOST_TEST(db::detail::check_row_columns<sample_row>(make_result(narrower, {})).empty());

  auto wrong_type = sample_columns;
  wrong_type[3].type = float8_oid;
  auto problem = db::detail::check_row_columns<sample_row>(make_result(wrong_type, {}));
  BOOST_TEST(problem.find("active") != std::string::npos, problem);

  auto missing =
      db::detail::check_row_columns<sample_row>(make_result({sample_columns.begin(), sample_columns.end() - 1}, {}));
  BOOST_TEST(missing.find("tags") != std::string::npos, missing);

  auto extra_columns = sample_columns;
  extra_columns.push_back({"surplus", text_oid});
  BOOST_TEST(!db::detail::check_row_columns<sample_row>(make_result(extra_columns, {})).empty());
}

BOOST_AUTO_TEST_SUITE_END()
