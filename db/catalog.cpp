#include "db/catalog.hpp"

#include <boost/describe.hpp>

#include "db/row.hpp"

namespace folio::db {
namespace {

struct column_row {
  std::string table_name, name, type;
  std::optional<std::string> default_;
  bool not_null;
  std::string identity, generated;
};
BOOST_DESCRIBE_STRUCT(column_row, (), (table_name, name, type, default_, not_null, identity, generated))

struct constraint_row {
  std::string table_name, name, kind, definition;
};
BOOST_DESCRIBE_STRUCT(constraint_row, (), (table_name, name, kind, definition))

struct named_definition {
  std::string name, definition;
};
BOOST_DESCRIBE_STRUCT(named_definition, (), (name, definition))

// Relations of the public schema that are not ignored; every query below starts from it.
constexpr std::string_view tables_cte = R"(WITH t AS (
  SELECT c.oid, quote_ident(c.relname) AS table_name FROM pg_class c
  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relname = ANY ($1::text[]))
)";

// Tables without columns have a row with a null column name, so that they are not lost.
constexpr std::string_view columns_sql = R"(
SELECT t.table_name, quote_ident(a.attname) AS name, format_type(a.atttypid, a.atttypmod) AS type,
       pg_get_expr(d.adbin, d.adrelid) AS default_, a.attnotnull AS not_null,
       a.attidentity::text AS identity, a.attgenerated::text AS generated
FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
ORDER BY t.table_name, a.attnum)";

constexpr std::string_view unlogged_tables_sql = R"(
SELECT t.table_name AS name, '' AS definition FROM t JOIN pg_class c ON c.oid = t.oid WHERE c.relpersistence = 'u')";

constexpr std::string_view empty_tables_sql = R"(
SELECT t.table_name AS name, '' AS definition FROM t
WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped))";

constexpr std::string_view constraints_sql = R"(
SELECT t.table_name, quote_ident(k.conname) AS name, k.contype::text AS kind,
       pg_get_constraintdef(k.oid) AS definition
FROM t JOIN pg_constraint k ON k.conrelid = t.oid)";

constexpr std::string_view enums_sql = R"(
SELECT quote_ident(y.typname) AS name, quote_literal(e.enumlabel) AS definition
FROM pg_type y JOIN pg_enum e ON e.enumtypid = y.oid
WHERE y.typnamespace = 'public'::regnamespace
ORDER BY y.typname, e.enumsortorder)";

// Identity columns own their sequences (deptype 'i'); those belong to the column, not here.
constexpr std::string_view sequences_sql = R"(
SELECT quote_ident(c.relname) AS name,
       format('CREATE SEQUENCE %I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s',
              c.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart,
              s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END) AS definition
FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
WHERE c.relnamespace = 'public'::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i'))";

// Indexes that back a primary key, unique or exclusion constraint come with the constraint.
constexpr std::string_view indexes_sql = R"(
SELECT quote_ident(c.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM t JOIN pg_index i ON i.indrelid = t.oid JOIN pg_class c ON c.oid = i.indexrelid
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')))";

constexpr std::string_view triggers_sql = R"(
SELECT quote_ident(g.tgname) || ' ON ' || t.table_name AS name, pg_get_triggerdef(g.oid) AS definition
FROM t JOIN pg_trigger g ON g.tgrelid = t.oid WHERE NOT g.tgisinternal)";

// Functions of extensions are the extension's business.
constexpr std::string_view functions_sql = R"(
SELECT quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
       pg_get_functiondef(p.oid) AS definition
FROM pg_proc p
WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e'))";

std::map<std::string, std::string> by_name(std::vector<named_definition> rows) {
  std::map<std::string, std::string> out;
  for (auto& row : rows) out.emplace(std::move(row.name), std::move(row.definition));
  return out;
}

}  // namespace

asio::awaitable<catalog> read_catalog(connection& conn, const std::vector<std::string>& ignored_tables) {
  const auto ignored = make_params(ignored_tables);
  auto query = [&](std::string_view body) -> asio::awaitable<result> {
    co_return co_await conn.execute_sql(std::string(tables_cte) + std::string(body), ignored);
  };
  catalog out;
  for (auto& row : all<named_definition>(co_await query(empty_tables_sql))) out.tables[row.name];
  for (auto& row : all<named_definition>(co_await query(unlogged_tables_sql))) out.tables[row.name].unlogged = true;
  for (auto& row : all<column_row>(co_await query(columns_sql))) {
    column_info column{row.name, row.type, row.default_, row.not_null, row.identity, row.generated};
    out.tables[row.table_name].columns.push_back(std::move(column));
  }
  for (auto& row : all<constraint_row>(co_await query(constraints_sql)))
    out.tables[row.table_name].constraints[row.name] = constraint_info{row.kind, row.definition};
  for (auto& row : all<named_definition>(co_await query(enums_sql))) out.enums[row.name].push_back(row.definition);
  out.sequences = by_name(all<named_definition>(co_await query(sequences_sql)));
  out.indexes = by_name(all<named_definition>(co_await query(indexes_sql)));
  out.triggers = by_name(all<named_definition>(co_await query(triggers_sql)));
  out.functions = by_name(all<named_definition>(co_await query(functions_sql)));
  co_return out;
}

}  // namespace folio::db
