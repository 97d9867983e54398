#pragma once
// The author summary that comments and library entries embed: {id, username, display_name}.
// Rows carry it flat (author_id, author_username, author_display_name) because the row reader
// maps one column to one member; author_of() folds those three columns into the nested object.
#include <boost/describe.hpp>

#include <cstdint>
#include <string>
#include <utility>

namespace folio::app::people {

struct author {
  std::int64_t id;
  std::string username;
  std::string display_name;
};
BOOST_DESCRIBE_STRUCT(author, (), (id, username, display_name))

template <class Row>
author author_of(Row& row) {
  return {row.author_id, std::move(row.author_username), std::move(row.author_display_name)};
}

}  // namespace folio::app::people
