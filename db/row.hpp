#pragma once
// Rows to plain structs, by column name, in one generic place. A row struct is described with
// BOOST_DESCRIBE_STRUCT; each member, its described bases' included, is read from the column of
// the same name. Nullable
// columns map to std::optional. `checked_statement<Row>` builds a statement whose result
// columns are verified against Row when the pool starts.
#include <boost/describe.hpp>
#include <boost/mp11.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/error.hpp"
#include "db/result.hpp"
#include "db/statement.hpp"
#include "db/timestamp.hpp"

namespace folio::db {

// The members that map to columns (and to JSON): public ones, inherited ones included, so that a
// row may extend another (a chapter with its body extends the chapter of a list).
template <class T>
using described_members =
    boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

namespace detail {

// Decoders from PostgreSQL's text format; each type also names the column types it accepts.
void decode(std::string_view text, std::int64_t& out);
void decode(std::string_view text, std::int32_t& out);
void decode(std::string_view text, bool& out);
void decode(std::string_view text, double& out);
void decode(std::string_view text, std::string& out);
void decode(std::string_view text, timestamp& out);
void decode(std::string_view text, std::vector<std::string>& out);

bool accepts(Oid type, const std::int64_t*);
bool accepts(Oid type, const std::int32_t*);
bool accepts(Oid type, const bool*);
bool accepts(Oid type, const double*);
bool accepts(Oid type, const std::string*);
bool accepts(Oid type, const timestamp*);
bool accepts(Oid type, const std::vector<std::string>*);

template <class T>
struct nullable : std::false_type {
  using value_type = T;
};
template <class T>
struct nullable<std::optional<T>> : std::true_type {
  using value_type = T;
};

[[noreturn]] void throw_null_column(std::string_view column);
[[noreturn]] void throw_missing_column(std::string_view column);
[[noreturn]] void throw_row_count(int expected_at_most, int actual);

template <class Row>
constexpr std::size_t member_count = boost::mp11::mp_size<described_members<Row>>::value;

// Column indices of Row's members in a result, looked up once per result.
template <class Row>
std::array<int, member_count<Row>> column_indices(const result& r) {
  std::array<int, member_count<Row>> indices{};
  std::size_t i = 0;
  boost::mp11::mp_for_each<described_members<Row>>([&](auto member) {
    indices[i] = r.column_index(member.name);
    if (indices[i] < 0) throw_missing_column(member.name);
    ++i;
  });
  return indices;
}

template <class Row>
Row read_row(const result& r, int row, const std::array<int, member_count<Row>>& indices) {
  Row out{};
  std::size_t i = 0;
  boost::mp11::mp_for_each<described_members<Row>>([&](auto member) {
    auto& field = out.*member.pointer;
    using field_type = std::remove_cvref_t<decltype(field)>;
    const int column = indices[i++];
    if (r.is_null(row, column)) {
      if constexpr (!nullable<field_type>::value) throw_null_column(member.name);
      return;
    }
    if constexpr (nullable<field_type>::value) {
      decode(r.value(row, column), field.emplace());
    } else {
      decode(r.value(row, column), field);
    }
  });
  return out;
}

std::string describe_mismatch(std::string_view column, std::string_view problem);

template <class Row>
std::string check_row_columns(const result& description) {
  std::string problems;
  int matched = 0;
  boost::mp11::mp_for_each<described_members<Row>>([&](auto member) {
    using field_type = std::remove_cvref_t<decltype(std::declval<Row&>().*member.pointer)>;
    using value_type = typename nullable<field_type>::value_type;
    const int column = description.column_index(member.name);
    if (column < 0) {
      problems += describe_mismatch(member.name, "is not in the result");
    } else if (!accepts(description.column_type(column), static_cast<const value_type*>(nullptr))) {
      problems += describe_mismatch(member.name, "has a column type the member cannot hold");
    } else {
      ++matched;
    }
  });
  if (matched == static_cast<int>(member_count<Row>) && description.columns() != matched) {
    problems += describe_mismatch("*", "the result has columns that no member reads");
  }
  return problems;
}

}  // namespace detail

template <class Row>
constexpr statement checked_statement(std::string_view name, std::string_view sql) {
  return {name, sql, &detail::check_row_columns<Row>};
}

template <class Row>
std::vector<Row> all(const result& r) {
  std::vector<Row> rows;
  if (r.rows() == 0) return rows;
  const auto indices = detail::column_indices<Row>(r);
  rows.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) rows.push_back(detail::read_row<Row>(r, i, indices));
  return rows;
}

template <class Row>
std::optional<Row> maybe_one(const result& r) {
  if (r.rows() == 0) return std::nullopt;
  if (r.rows() > 1) detail::throw_row_count(1, r.rows());
  return detail::read_row<Row>(r, 0, detail::column_indices<Row>(r));
}

template <class Row>
Row one(const result& r) {
  if (r.rows() != 1) detail::throw_row_count(1, r.rows());
  return detail::read_row<Row>(r, 0, detail::column_indices<Row>(r));
}

}  // namespace folio::db
