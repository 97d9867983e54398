#pragma once
// What a database's schema is, as PostgreSQL itself normalises it: read from pg_catalog with
// format_type, pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_triggerdef and
// pg_get_functiondef, so that two databases built from different SQL text compare equal when
// they mean the same. Names are kept quoted (quote_ident) and ready to write into DDL.
#include <boost/asio/awaitable.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"

namespace folio::db {

struct column_info {
  std::string name;
  std::string type;                     // format_type: "bigint", "character varying(20)", "text[]"
  std::optional<std::string> default_;  // the default, or for a generated column its expression
  bool not_null = false;
  std::string identity;   // "", "a" (ALWAYS) or "d" (BY DEFAULT)
  std::string generated;  // "" or "s" (STORED)
  friend bool operator==(const column_info&, const column_info&) = default;
};

struct constraint_info {
  std::string kind;        // p, u, f, c, x
  std::string definition;  // pg_get_constraintdef
  friend bool operator==(const constraint_info&, const constraint_info&) = default;
};

struct table_info {
  std::vector<column_info> columns;                    // in column order
  std::map<std::string, constraint_info> constraints;  // by name
  bool unlogged = false;  // no WAL: emptied after a crash, not on replicas, not in a physical backup's data
  friend bool operator==(const table_info&, const table_info&) = default;
};

struct catalog {
  std::map<std::string, table_info> tables;
  std::map<std::string, std::vector<std::string>> enums;  // type → labels (quoted literals) in order
  std::map<std::string, std::string> sequences;           // free-standing sequence → its CREATE SEQUENCE
  std::map<std::string, std::string> indexes;             // name → pg_get_indexdef (not those of constraints)
  std::map<std::string, std::string> triggers;            // "trigger ON table" → pg_get_triggerdef
  std::map<std::string, std::string> functions;           // "name(arguments)" → pg_get_functiondef
  friend bool operator==(const catalog&, const catalog&) = default;
};

// The `public` schema of the connected database, leaving out `ignored_tables` and what hangs on them.
asio::awaitable<catalog> read_catalog(connection& conn, const std::vector<std::string>& ignored_tables);

}  // namespace folio::db
