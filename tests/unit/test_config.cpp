#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include "app/runtime/config.hpp"

using folio::app::config;
using folio::app::config_error;
using folio::app::load_config;
using folio::app::log_level;
using env = std::map<std::string, std::string, std::less<>>;

namespace {

const std::string url = "postgresql://folio:hunter2@localhost/folio";

folio::app::env_lookup lookup_in(env vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto found = vars.find(name);
    if (found == vars.end()) return std::nullopt;
    return found->second;
  };
}

// The configuration for url plus the given variables; fails the test on errors.
config loaded(env vars) {
  vars.emplace("DATABASE_URL", url);
  auto result = load_config(lookup_in(std::move(vars)));
  if (auto* error = std::get_if<config_error>(&result)) {
    BOOST_FAIL("unexpected error: " << error->messages.at(0));
  }
  return std::get<config>(result);
}

std::vector<std::string> errors(env vars, bool with_url = true) {
  if (with_url) vars.emplace("DATABASE_URL", url);
  auto result = load_config(lookup_in(std::move(vars)));
  BOOST_REQUIRE(std::holds_alternative<config_error>(result));
  return std::get<config_error>(result).messages;
}

bool accepted(const std::string& name, const std::string& value) {
  env vars{{name, value}, {"DATABASE_URL", url}};
  return std::holds_alternative<config>(load_config(lookup_in(vars)));
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(configuration)

BOOST_AUTO_TEST_CASE(defaults) {
  auto c = loaded({});
  BOOST_TEST(c.database_url == url);
  BOOST_TEST(c.host == "127.0.0.1");
  BOOST_TEST(c.port == 8080);
  BOOST_TEST(c.threads == 1);
  BOOST_TEST(c.max_connections == 20000);
  BOOST_TEST(c.header_timeout.count() == 10000);
  BOOST_TEST(c.idle_timeout.count() == 60000);
  BOOST_TEST(c.request_timeout.count() == 10000);
  BOOST_TEST(c.shutdown_grace.count() == 10000);
  BOOST_TEST(c.max_header_bytes == 16384);
  BOOST_TEST(c.db_pool_size == 4);
  BOOST_TEST(c.db_max_pipeline == 256);
  BOOST_TEST(c.db_max_waiters == 4096);
  BOOST_TEST(c.db_acquire_timeout.count() == 2000);
  BOOST_TEST(c.db_connect_timeout.count() == 5000);
  BOOST_TEST(c.db_statement_timeout.count() == 5000);
  BOOST_TEST((c.log_level == log_level::info));
  BOOST_TEST(c.cursor_secret.empty());
  BOOST_TEST(c.hash_threads == 2);
  BOOST_TEST(c.hash_queue == 64);
  BOOST_TEST(c.migrations_dir.empty());
}

BOOST_AUTO_TEST_CASE(every_variable_is_read) {
  auto c = loaded({{"HOST", "0.0.0.0"},
                   {"PORT", "65535"},
                   {"THREADS", "64"},
                   {"MAX_CONNECTIONS", "1000000"},
                   {"HEADER_TIMEOUT_MS", "1"},
                   {"IDLE_TIMEOUT_MS", "3600000"},
                   {"REQUEST_TIMEOUT_MS", "123"},
                   {"SHUTDOWN_GRACE_MS", "456"},
                   {"MAX_HEADER_BYTES", "1024"},
                   {"DB_POOL_SIZE", "1000"},
                   {"DB_MAX_PIPELINE", "100000"},
                   {"DB_MAX_WAITERS", "0"},
                   {"DB_ACQUIRE_TIMEOUT_MS", "7"},
                   {"DB_CONNECT_TIMEOUT_MS", "8"},
                   {"DB_STATEMENT_TIMEOUT_MS", "9"},
                   {"LOG_LEVEL", "debug"},
                   {"CURSOR_SECRET", std::string(32, 's')},
                   {"HASH_THREADS", "64"},
                   {"HASH_QUEUE", "100000"},
                   {"MIGRATIONS_DIR", "/srv/migrations"}});
  BOOST_TEST(c.host == "0.0.0.0");
  BOOST_TEST(c.port == 65535);
  BOOST_TEST(c.threads == 64);
  BOOST_TEST(c.max_connections == 1000000);
  BOOST_TEST(c.header_timeout.count() == 1);
  BOOST_TEST(c.idle_timeout.count() == 3600000);
  BOOST_TEST(c.request_timeout.count() == 123);
  BOOST_TEST(c.shutdown_grace.count() == 456);
  BOOST_TEST(c.max_header_bytes == 1024);
  BOOST_TEST(c.db_pool_size == 1000);
  BOOST_TEST(c.db_max_pipeline == 100000);
  BOOST_TEST(c.db_max_waiters == 0);
  BOOST_TEST(c.db_acquire_timeout.count() == 7);
  BOOST_TEST(c.db_connect_timeout.count() == 8);
  BOOST_TEST(c.db_statement_timeout.count() == 9);
  BOOST_TEST((c.log_level == log_level::debug));
  BOOST_TEST(c.cursor_secret == std::string(32, 's'));
  BOOST_TEST(c.hash_threads == 64);
  BOOST_TEST(c.hash_queue == 100000);
  BOOST_TEST(c.migrations_dir == "/srv/migrations");
}

BOOST_AUTO_TEST_CASE(range_boundaries) {
  struct bounds {
    std::string name;
    long long min, max;
  };
  const bounds all[] = {
      {"PORT", 1, 65535},
      {"THREADS", 1, 64},
      {"MAX_CONNECTIONS", 1, 1000000},
      {"HEADER_TIMEOUT_MS", 1, 3600000},
      {"IDLE_TIMEOUT_MS", 1, 3600000},
      {"REQUEST_TIMEOUT_MS", 1, 3600000},
      {"SHUTDOWN_GRACE_MS", 1, 3600000},
      {"MAX_HEADER_BYTES", 1024, 1048576},
      {"DB_POOL_SIZE", 1, 1000},
      {"DB_MAX_PIPELINE", 1, 100000},
      {"DB_MAX_WAITERS", 0, 10000000},
      {"DB_ACQUIRE_TIMEOUT_MS", 1, 3600000},
      {"DB_CONNECT_TIMEOUT_MS", 1, 3600000},
      {"DB_STATEMENT_TIMEOUT_MS", 1, 3600000},
      {"HASH_THREADS", 1, 64},
      {"HASH_QUEUE", 1, 100000},
  };
  for (const auto& b : all) {
    BOOST_TEST_CONTEXT(b.name) {
      BOOST_TEST(accepted(b.name, std::to_string(b.min)));
      BOOST_TEST(accepted(b.name, std::to_string(b.max)));
      BOOST_TEST(!accepted(b.name, std::to_string(b.max + 1)));
      if (b.min > 0) BOOST_TEST(!accepted(b.name, std::to_string(b.min - 1)));
    }
  }
}

BOOST_AUTO_TEST_CASE(integers_are_parsed_strictly) {
  for (std::string bad :
       {"-1", "-0", "+1", " 1", "1 ", "1.0", "1e3", "0x10", "abc", "８０", "99999999999999999999999", "80 80"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!accepted("PORT", bad)); }
  }
  BOOST_TEST(accepted("PORT", "0080"));
  BOOST_TEST(!accepted("DB_MAX_WAITERS", "-0"));
}

BOOST_AUTO_TEST_CASE(empty_value_means_default) {
  auto c = loaded({{"PORT", ""}, {"LOG_LEVEL", ""}, {"CURSOR_SECRET", ""}});
  BOOST_TEST(c.port == 8080);
  BOOST_TEST((c.log_level == log_level::info));
  BOOST_TEST(c.cursor_secret.empty());
}

BOOST_AUTO_TEST_CASE(log_levels) {
  BOOST_TEST((loaded({{"LOG_LEVEL", "debug"}}).log_level == log_level::debug));
  BOOST_TEST((loaded({{"LOG_LEVEL", "info"}}).log_level == log_level::info));
  BOOST_TEST((loaded({{"LOG_LEVEL", "warn"}}).log_level == log_level::warn));
  BOOST_TEST((loaded({{"LOG_LEVEL", "error"}}).log_level == log_level::error));
  BOOST_TEST(!accepted("LOG_LEVEL", "INFO"));
  BOOST_TEST(!accepted("LOG_LEVEL", "warning"));
  auto messages = errors({{"LOG_LEVEL", "loud"}});
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(contains(messages[0], "LOG_LEVEL"));
  BOOST_TEST(contains(messages[0], "loud"));
  BOOST_TEST(contains(messages[0], "debug, info, warn, error"));
}

BOOST_AUTO_TEST_CASE(log_formats) {
  BOOST_TEST((loaded({}).log_format == folio::app::log_format::json));
  BOOST_TEST((loaded({{"LOG_FORMAT", "text"}}).log_format == folio::app::log_format::text));
  BOOST_TEST((loaded({{"LOG_FORMAT", "json"}}).log_format == folio::app::log_format::json));
  auto messages = errors({{"LOG_FORMAT", "xml"}});
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(contains(messages[0], "LOG_FORMAT=\"xml\" is invalid: expected json or text"), messages[0]);
}

BOOST_AUTO_TEST_CASE(database_url_is_required) {
  for (const env& vars : {env{}, env{{"DATABASE_URL", ""}}}) {
    auto result = load_config(lookup_in(vars));
    BOOST_REQUIRE(std::holds_alternative<config_error>(result));
    auto messages = std::get<config_error>(result).messages;
    BOOST_REQUIRE(messages.size() == 1u);
    BOOST_TEST(contains(messages[0], "DATABASE_URL"));
  }
}

BOOST_AUTO_TEST_CASE(cursor_secret_length_and_not_echoed) {
  BOOST_TEST(accepted("CURSOR_SECRET", std::string(32, 'x')));
  const std::string short_secret = "sEcReT-31-characters-long-xxxxx";
  BOOST_REQUIRE(short_secret.size() == 31u);
  auto messages = errors({{"CURSOR_SECRET", short_secret}});
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(contains(messages[0], "CURSOR_SECRET"));
  BOOST_TEST(contains(messages[0], "32"));
  BOOST_TEST(!contains(messages[0], short_secret));
  BOOST_TEST(!contains(messages[0], "sEcReT"));
}

BOOST_AUTO_TEST_CASE(all_errors_are_collected) {
  auto messages = errors({{"PORT", "0"},
                          {"THREADS", "many"},
                          {"LOG_LEVEL", "verbose"},
                          {"CURSOR_SECRET", "short"},
                          {"MAX_HEADER_BYTES", "1023"}},
                         /*with_url=*/false);
  BOOST_REQUIRE(messages.size() == 6u);
  auto mentions = [&](std::string_view text) {
    return std::any_of(messages.begin(), messages.end(), [&](const std::string& m) { return contains(m, text); });
  };
  BOOST_TEST(mentions("DATABASE_URL"));
  BOOST_TEST(mentions("PORT=\"0\""));
  BOOST_TEST(mentions("1..65535"));
  BOOST_TEST(mentions("THREADS=\"many\""));
  BOOST_TEST(mentions("1..64"));
  BOOST_TEST(mentions("verbose"));
  BOOST_TEST(mentions("MAX_HEADER_BYTES=\"1023\""));
  BOOST_TEST(mentions("1024..1048576"));
  BOOST_TEST(!mentions("short"));
}

BOOST_AUTO_TEST_CASE(database_url_is_never_echoed) {
  auto messages = errors({{"PORT", "x"}});
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(!contains(messages[0], "hunter2"));
}

BOOST_AUTO_TEST_CASE(echoed_values_are_escaped) {
  auto messages = errors({{"PORT", "1\nFAKE LOG LINE\""}});
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(!contains(messages[0], "\n"));
  BOOST_TEST(contains(messages[0], R"(PORT="1\nFAKE LOG LINE\"")"));
}

BOOST_AUTO_TEST_CASE(help_lists_every_variable_with_default) {
  auto help = folio::app::config_help();
  for (std::string name : {"DATABASE_URL",
                           "HOST",
                           "PORT",
                           "THREADS",
                           "MAX_CONNECTIONS",
                           "HEADER_TIMEOUT_MS",
                           "IDLE_TIMEOUT_MS",
                           "REQUEST_TIMEOUT_MS",
                           "SHUTDOWN_GRACE_MS",
                           "MAX_HEADER_BYTES",
                           "DB_POOL_SIZE",
                           "DB_MAX_PIPELINE",
                           "DB_MAX_WAITERS",
                           "DB_ACQUIRE_TIMEOUT_MS",
                           "DB_CONNECT_TIMEOUT_MS",
                           "DB_STATEMENT_TIMEOUT_MS",
                           "LOG_LEVEL",
                           "CURSOR_SECRET",
                           "HASH_THREADS",
                           "HASH_QUEUE",
                           "MIGRATIONS_DIR"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(contains(help, "\n  " + name + " ")); }
  }
  BOOST_TEST(contains(help, "127.0.0.1"));
  BOOST_TEST(contains(help, "20000"));
  BOOST_TEST(contains(help, "1..65535"));
}

BOOST_AUTO_TEST_CASE(process_environment_reads_getenv) {
  ::setenv("FOLIO_TEST_CONFIG_VAR", "value", 1);
  auto lookup = folio::app::process_environment();
  BOOST_TEST(lookup("FOLIO_TEST_CONFIG_VAR").value_or("") == "value");
  ::unsetenv("FOLIO_TEST_CONFIG_VAR");
  BOOST_TEST(!lookup("FOLIO_TEST_CONFIG_VAR").has_value());
}

BOOST_AUTO_TEST_CASE(log_level_names) { BOOST_TEST(folio::app::log_level_name(log_level::warn) == "warn"); }

BOOST_AUTO_TEST_CASE(database_url_must_parse_and_its_ports_be_numbers) {
  for (const std::string bad : {"postgresql://u:s3cret-pw@localhost:notaport/db", "postgresql://u:s3cret-pw@h:0/db",
                                "postgresql://u:s3cret-pw@[::1/db", "host=h password='s3cret-pw",
                                "host=h port=5432,x password=s3cret-pw", "nonsense=1 password=s3cret-pw"}) {
    auto messages = errors({{"DATABASE_URL", bad}}, false);
    BOOST_REQUIRE_EQUAL(messages.size(), 1u);
    BOOST_TEST(contains(messages[0], "DATABASE_URL"), bad);
    BOOST_TEST(!contains(messages[0], "s3cret-pw"), messages[0]);
  }
  for (const std::string good : {"postgresql://u:pw@localhost:5433/db", "postgresql:///folio?host=/tmp/sock",
                                 "host=a,b port=5432,5433 dbname=x", "postgres://h/db?sslmode=disable"}) {
    BOOST_TEST(accepted("DATABASE_URL", good), good);
  }
}

BOOST_AUTO_TEST_CASE(admission_and_liveness_settings) {
  auto defaults = loaded({});
  BOOST_TEST(defaults.max_in_flight == 256);
  BOOST_TEST(defaults.max_queued == 16384);
  BOOST_TEST(defaults.queue_timeout.count() == 1000);
  BOOST_TEST(defaults.db_call_timeout.count() == 10000);
  auto set = loaded({{"MAX_IN_FLIGHT", "8"},
                     {"MAX_QUEUED", "0"},
                     {"QUEUE_TIMEOUT_MS", "50"},
                     {"DB_CALL_TIMEOUT_MS", "700"},
                     {"DB_STATEMENT_TIMEOUT_MS", "600"}});
  BOOST_TEST(set.max_in_flight == 8);
  BOOST_TEST(set.max_queued == 0);
  BOOST_TEST(set.queue_timeout.count() == 50);
  BOOST_TEST(set.db_call_timeout.count() == 700);
  BOOST_TEST(!accepted("MAX_IN_FLIGHT", "0"));
  BOOST_TEST(!accepted("QUEUE_TIMEOUT_MS", "-1"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(scale_out_settings)

BOOST_AUTO_TEST_CASE(replica_urls_split_at_commas_before_a_scheme_only) {
  auto c = loaded({{"DATABASE_REPLICA_URLS",
                    "postgresql://r1:5433/folio, postgres://a,b:5434/folio?target_session_attrs=any,"
                    "postgresql://r3/folio"}});
  BOOST_TEST(c.database_replica_urls.size() == 3u);
  BOOST_TEST(c.database_replica_urls.at(0) == "postgresql://r1:5433/folio");
  BOOST_TEST(c.database_replica_urls.at(1) == "postgres://a,b:5434/folio?target_session_attrs=any");
  BOOST_TEST(c.database_replica_urls.at(2) == "postgresql://r3/folio");
}

BOOST_AUTO_TEST_CASE(a_bad_replica_url_is_refused_without_echoing_it) {
  auto messages = errors({{"DATABASE_REPLICA_URLS", "postgresql://secret:pw@r1:notaport/folio"}});
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(contains(messages[0], "DATABASE_REPLICA_URLS"));
  BOOST_TEST(!contains(messages[0], "secret"));
  BOOST_TEST(!accepted("DATABASE_REPLICA_URLS", " , "));
}

BOOST_AUTO_TEST_CASE(a_transaction_pooler_needs_the_direct_url) {
  auto messages = errors({{"DB_POOLER", "transaction"}});
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(contains(messages[0], "DATABASE_DIRECT_URL"));
  auto c = loaded({{"DB_POOLER", "transaction"}, {"DATABASE_DIRECT_URL", "postgresql://primary/folio"}});
  BOOST_TEST((c.db_pooler == folio::app::db_pooler_mode::transaction));
  BOOST_TEST(folio::app::direct_database_url(c) == "postgresql://primary/folio");
  BOOST_TEST(!accepted("DB_POOLER", "session"));
}

BOOST_AUTO_TEST_CASE(shared_syncs_are_off_reads_or_on) {
  using folio::app::shared_sync_mode;
  BOOST_TEST((loaded({}).db_shared_sync == shared_sync_mode::reads));
  BOOST_TEST((loaded({{"DB_SHARED_SYNC", "off"}}).db_shared_sync == shared_sync_mode::off));
  BOOST_TEST((loaded({{"DB_SHARED_SYNC", "on"}}).db_shared_sync == shared_sync_mode::on));
  BOOST_TEST(!accepted("DB_SHARED_SYNC", "writes"));
  BOOST_TEST(!accepted("DB_SHARED_SYNC", "true"));
}

BOOST_AUTO_TEST_CASE(without_a_direct_url_admin_work_uses_database_url) {
  auto c = loaded({});
  BOOST_TEST(folio::app::direct_database_url(c) == url);
  BOOST_TEST((c.db_pooler == folio::app::db_pooler_mode::none));
  BOOST_TEST(c.database_replica_urls.empty());
}

BOOST_AUTO_TEST_SUITE_END()
