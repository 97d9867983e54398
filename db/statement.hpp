#pragma once
// Named statements. Every query folio runs is a constant of this type, prepared once per
// connection under its name, which the start-up check also reports. `check_columns` compares the
// prepared statement's result columns with the row struct it is read into; the pool runs it at
// start-up so that a schema mismatch fails at boot, not at 3 a.m.
#include <initializer_list>
#include <string>
#include <string_view>

#include "db/result.hpp"

namespace folio::db {

// Returns an empty string when the described columns fit, otherwise what is wrong.
using column_check = std::string (*)(const result& description);

namespace detail {

constexpr bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

constexpr char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Whether `word` begins with `upper_prefix` (upper case), ignoring the word's case.
constexpr bool starts_with_word(std::string_view word, std::string_view upper_prefix) {
  if (word.size() < upper_prefix.size()) return false;
  for (std::size_t i = 0; i < upper_prefix.size(); ++i) {
    if (upper(word[i]) != upper_prefix[i]) return false;
  }
  return true;
}

constexpr bool is_any_of(std::string_view word, std::initializer_list<std::string_view> upper_words) {
  for (auto candidate : upper_words) {
    if (word.size() == candidate.size() && starts_with_word(word, candidate)) return true;
  }
  return false;
}

}  // namespace detail

// Whether a statement may write or lock rows. It may, unless its text is a query (its first word
// is SELECT, WITH, VALUES or TABLE) in which no word writes or locks: INSERT, UPDATE, DELETE,
// MERGE, TRUNCATE, COPY, CALL, LOCK, SHARE (FOR SHARE, FOR KEY SHARE; FOR UPDATE has UPDATE),
// the sequence functions, advisory locks. Words are compared whole and in any case, so a column
// named updated_at writes nothing; a keyword in a literal or a comment counts, which only errs
// on the safe side. A query calling a function that writes would be misread: folio has none.
constexpr bool may_write(std::string_view sql) {
  bool first = true;
  for (std::size_t start = 0; start < sql.size();) {
    if (!detail::is_word_char(sql[start])) {
      ++start;
      continue;
    }
    auto end = start;
    while (end < sql.size() && detail::is_word_char(sql[end])) ++end;
    const auto word = sql.substr(start, end - start);
    if (first && !detail::is_any_of(word, {"SELECT", "WITH", "VALUES", "TABLE"})) return true;
    first = false;
    if (detail::is_any_of(word, {"INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "COPY", "CALL", "LOCK", "SHARE",
                                 "NEXTVAL", "SETVAL"}) ||
        detail::starts_with_word(word, "PG_ADVISORY") || detail::starts_with_word(word, "PG_TRY_ADVISORY"))
      return true;
    start = end;
  }
  return first;  // no word at all: nothing to vouch for
}

struct statement {
  std::string_view name;
  std::string_view sql;
  column_check check_columns = nullptr;  // nullptr: the statement returns no rows
  // Takes no row locks and writes nothing: it may share a Sync with other callers' statements
  // when DB_SHARED_SYNC is `reads` (db/connection.hpp).
  bool reads_only = !may_write(sql);
};

}  // namespace folio::db
