#pragma once
// The DDL that turns one catalog into another, step by step in an order PostgreSQL accepts:
// types, sequences and functions first, then the removals of what the changes depend on, tables,
// columns, keys, checks, foreign keys, indexes, triggers, and last the removals of whole objects.
// Steps that lose data (dropping a table or column, narrowing a type) are marked destructive.
#include <string>
#include <vector>

#include "db/catalog.hpp"

namespace folio::db {

struct schema_change {
  int phase;                // position in the dependency order; equal phases keep their order
  std::string description;  // "add column users.nickname"
  std::string sql;          // one or more statements, each ending with ';'
  bool destructive = false;
  std::string note;  // for the reviewer, e.g. that a drop + add may be a rename
};

// Empty when the catalogs are equal.
std::vector<schema_change> diff_catalogs(const catalog& from, const catalog& to);
// A migration file: destructive steps commented out with a warning unless `allow_destructive`.
std::string render_migration(const std::vector<schema_change>& changes, bool allow_destructive);

}  // namespace folio::db
