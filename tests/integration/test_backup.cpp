// `folio db backup` and `folio db restore`: a seeded database survives the round trip table by
// table (row counts and a checksum of the contents), and a non-empty target is refused.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "harness.hpp"

using namespace folio::test;
namespace fs = std::filesystem;

namespace {

// Every table of the public schema with its row count and an md5 of its rows in a stable order.
constexpr const char* fingerprint_sql =
    "SELECT string_agg(format('%s:%s', c.relname, "
    "(xpath('/row/f/text()', query_to_xml(format("
    "'SELECT count(*) || ''/'' || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), '''') AS f FROM %I t',"
    " c.relname), false, true, '')))[1]::text), ' ' ORDER BY c.relname) "
    "FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'";

struct temporary_file {
  fs::path path = fs::temp_directory_path() / ("folio-backup-" + std::to_string(::getpid()) + ".dump");
  ~temporary_file() {
    std::error_code ignored;
    fs::remove(path, ignored);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(backup)

BOOST_AUTO_TEST_CASE(seeded_database_survives_backup_and_restore) {
  const auto source = create_database();
  std::string output;
  BOOST_REQUIRE_MESSAGE(run_folio(source,
                                  "db seed --users 30 --contents 12 --chapters 3 --comments 4 --min-body 50 "
                                  "--max-body 200",
                                  {}, &output) == 0,
                        output);
  temporary_file dump;
  BOOST_REQUIRE_MESSAGE(run_folio(source, "db backup " + dump.path.string(), {}, &output) == 0, output);
  BOOST_TEST(output.find("bytes") != std::string::npos, output);
  // The password, were there one, travels in PGPASSWORD; here the URL holds none, but the
  // command line pg_dump got must not hold the URL either.
  BOOST_TEST(output.find("postgresql://") == std::string::npos, output);

  const auto target = create_database();
  BOOST_REQUIRE_MESSAGE(run_folio(target, "db restore " + dump.path.string(), {}, &output) == 0, output);
  const auto expected = query_value(source, fingerprint_sql);
  BOOST_TEST(expected.find("comments:") != std::string::npos, expected);
  BOOST_TEST(query_value(target, fingerprint_sql) == expected);

  // Nothing to migrate on the restored database.
  BOOST_TEST(run_folio(target, "db migrate", {}, &output) == 0, output);
  BOOST_TEST(output.find("the schema is up to date") != std::string::npos, output);

  // Not into a database that has data, unless asked to replace it.
  BOOST_TEST(run_folio(target, "db restore " + dump.path.string(), {}, &output) == 1, output);
  BOOST_TEST(output.find("not empty") != std::string::npos, output);
  BOOST_TEST(run_folio(target, "db restore --clean " + dump.path.string(), {}, &output) == 0, output);
  BOOST_TEST(query_value(target, fingerprint_sql) == expected);
}

BOOST_AUTO_TEST_SUITE_END()
