// `folio migrate`: concurrency, status, checksums; and start-up refusing bad settings.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

using namespace folio::test;
namespace fs = std::filesystem;

namespace {

const fs::path source_migrations = fs::path(FOLIO_SOURCE_DIR) / "schema" / "migrations";

// The migration file names of the source tree, in version order (the binary embeds the same).
std::vector<std::string> migration_files(const fs::path& directory = source_migrations) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".sql") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The line of `text` that mentions `needle`, or "" if none does.
std::string line_with(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  if (at == std::string::npos) return {};
  const auto start = text.rfind('\n', at);
  const auto begin = start == std::string::npos ? 0 : start + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

// A copy of the migrations in a temporary directory, removed afterwards.
struct migrations_copy {
  fs::path path;
  migrations_copy() {
    std::string pattern = (fs::temp_directory_path() / "folio-migrations-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
    for (const auto& name : migration_files()) fs::copy_file(source_migrations / name, path / name);
  }
  ~migrations_copy() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(migrations)

BOOST_AUTO_TEST_CASE(concurrent_migrate_applies_each_migration_once) {
  const auto url = create_database();
  const auto files = migration_files();
  BOOST_REQUIRE(!files.empty());

  int status_a = -1, status_b = -1;
  std::string output_a, output_b;
  auto migrate = [&url](int& status, std::string& output) {
    try {
      status = run_folio(url, "migrate", {}, &output);
    } catch (const std::exception& e) {
      output = e.what();
    }
  };
  std::thread a(migrate, std::ref(status_a), std::ref(output_a));
  std::thread b(migrate, std::ref(status_b), std::ref(output_b));
  a.join();
  b.join();
  BOOST_TEST(status_a == 0, output_a);
  BOOST_TEST(status_b == 0, output_b);

  const auto expected = std::to_string(files.size());
  BOOST_TEST(query_value(url, "SELECT count(*) FROM schema_migrations") == expected);
  BOOST_TEST(query_value(url, "SELECT count(DISTINCT version) FROM schema_migrations") == expected);
  for (const auto& name : files) {
    BOOST_TEST(query_value(url, "SELECT count(*) FROM schema_migrations WHERE name = '" + name + "'") == "1", name);
    // Exactly one of the two processes applied it; the other found it done.
    BOOST_TEST(count_of(output_a + output_b, "applied " + name) == 1u, name);
  }
  BOOST_TEST(count_of(output_a + output_b, "the schema is up to date") == 1u);
}

BOOST_AUTO_TEST_CASE(concurrent_serve_processes_migrate_once) {
  const auto url = create_database();
  const auto files = migration_files();
  folio_process first({url}), second({url});
  BOOST_REQUIRE(first.wait_until_serving());
  BOOST_REQUIRE(second.wait_until_serving());
  BOOST_TEST(query_value(url, "SELECT count(*) FROM schema_migrations") == std::to_string(files.size()));
  BOOST_TEST(query_value(url, "SELECT count(DISTINCT version) FROM schema_migrations") == std::to_string(files.size()));
  BOOST_TEST(first.stop() == 0);
  BOOST_TEST(second.stop() == 0);
}

BOOST_AUTO_TEST_CASE(status_lists_pending_then_applied) {
  const auto url = create_database();
  const auto files = migration_files();

  std::string before;
  BOOST_REQUIRE(run_folio(url, "migrate --status", {}, &before) == 0);
  for (const auto& name : files) BOOST_TEST(line_with(before, name).starts_with("pending"), before);
  // --status changes nothing.
  BOOST_TEST(query_value(url, "SELECT count(*) FROM schema_migrations") == "0");

  BOOST_REQUIRE(run_folio(url, "migrate") == 0);
  std::string after;
  BOOST_REQUIRE(run_folio(url, "migrate --status", {}, &after) == 0);
  for (const auto& name : files) {
    const auto line = line_with(after, name);
    BOOST_TEST(line.starts_with("applied"), after);
    // With the time it was applied, as recorded.
    const auto applied_at = query_value(url,
                                        "SELECT to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') "
                                        "FROM schema_migrations WHERE name = '" +
                                            name + "'");
    BOOST_TEST(line.find(applied_at) != std::string::npos, line);
  }
}

BOOST_AUTO_TEST_CASE(changed_migration_is_refused) {
  const auto url = create_database();
  migrations_copy copy;
  const auto files = migration_files(copy.path);
  BOOST_REQUIRE(!files.empty());
  const std::map<std::string, std::string> env{{"MIGRATIONS_DIR", copy.path.string()}};

  std::string output;
  BOOST_REQUIRE_MESSAGE(run_folio(url, "migrate", env, &output) == 0, output);
  const auto checksum = query_value(url, "SELECT checksum FROM schema_migrations WHERE name = '" + files.front() + "'");

  {
    std::ofstream changed(copy.path / files.front(), std::ios::app);
    changed << "\n-- an edit after the fact\n";
  }
  const int status = run_folio(url, "migrate", env, &output);
  BOOST_TEST(status != 0);
  BOOST_TEST(output.find(files.front()) != std::string::npos, output);
  // Nothing was recorded over the original.
  BOOST_TEST(query_value(url, "SELECT checksum FROM schema_migrations WHERE name = '" + files.front() + "'") ==
             checksum);

  // `folio serve` refuses to start on it as well.
  folio_process serve({url, env});
  BOOST_TEST(!serve.wait_until_serving(std::chrono::seconds(10)));
}

BOOST_AUTO_TEST_CASE(late_lower_numbered_migration_is_refused) {
  const auto url = create_database();
  migrations_copy copy;
  const auto files = migration_files(copy.path);
  const std::map<std::string, std::string> env{{"MIGRATIONS_DIR", copy.path.string()}};
  // Held back while the others are applied, then it lands below them: 0005 before 0003.
  const auto late = files.at(1);
  fs::rename(copy.path / late, copy.path / (late + ".held"));
  std::string output;
  BOOST_REQUIRE_MESSAGE(run_folio(url, "migrate", env, &output) == 0, output);
  fs::rename(copy.path / (late + ".held"), copy.path / late);

  BOOST_TEST(run_folio(url, "migrate", env, &output) == 1);
  BOOST_TEST(output.find(late) != std::string::npos, output);
  BOOST_TEST(output.find(files.back()) != std::string::npos, output);
  BOOST_TEST(query_value(url, "SELECT count(*) FROM schema_migrations WHERE name = '" + late + "'") == "0");
  folio_process serve({url, env});
  BOOST_TEST(!serve.wait_until_serving(std::chrono::seconds(10)));
}

BOOST_AUTO_TEST_CASE(duplicate_version_is_refused) {
  const auto url = create_database();
  migrations_copy copy;
  const auto files = migration_files(copy.path);
  const auto twin = files.back().substr(0, 5) + "twin.sql";
  std::ofstream(copy.path / twin) << "SELECT 1;\n";
  std::string output;
  BOOST_TEST(run_folio(url, "migrate", {{"MIGRATIONS_DIR", copy.path.string()}}, &output) == 1);
  BOOST_TEST(output.find(twin) != std::string::npos, output);
  BOOST_TEST(output.find(files.back()) != std::string::npos, output);
}

BOOST_AUTO_TEST_CASE(gap_after_the_fact_is_refused) {
  const auto url = create_database();
  migrations_copy copy;
  const auto files = migration_files(copy.path);
  const std::map<std::string, std::string> env{{"MIGRATIONS_DIR", copy.path.string()}};
  std::string output;
  BOOST_REQUIRE_MESSAGE(run_folio(url, "migrate", env, &output) == 0, output);
  fs::remove(copy.path / files.at(1));
  BOOST_TEST(run_folio(url, "migrate", env, &output) == 1);
  BOOST_TEST(output.find(files.at(1)) != std::string::npos, output);
}

BOOST_AUTO_TEST_CASE(applied_history_with_a_gap_stays_valid) {
  // The repository's own history skips 0002: applying, then starting again, is fine.
  const auto url = create_database();
  std::string output;
  BOOST_REQUIRE_MESSAGE(run_folio(url, "migrate", {}, &output) == 0, output);
  BOOST_TEST(run_folio(url, "migrate", {}, &output) == 0, output);
  BOOST_TEST(output.find("the schema is up to date") != std::string::npos, output);
}

BOOST_AUTO_TEST_CASE(serve_with_a_bad_setting_exits_2) {
  const auto url = create_database();
  std::string output;
  BOOST_TEST(run_folio(url, "serve", {{"PORT", "abc"}}, &output) == 2);
  BOOST_TEST(output.find("PORT") != std::string::npos, output);
}

BOOST_AUTO_TEST_SUITE_END()
