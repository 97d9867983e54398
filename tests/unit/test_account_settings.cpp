// The settings of password hashing and login throttling (app/config.cpp's table).
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

#include "app/config.hpp"

using folio::app::config;
using folio::app::password_cost;

namespace {

std::variant<config, folio::app::config_error> load(std::map<std::string, std::string, std::less<>> vars) {
  vars.emplace("DATABASE_URL", "postgresql://localhost/folio");
  return folio::app::load_config([vars](std::string_view name) -> std::optional<std::string> {
    auto found = vars.find(name);
    if (found == vars.end()) return std::nullopt;
    return found->second;
  });
}

config loaded(std::map<std::string, std::string, std::less<>> vars) {
  auto result = load(std::move(vars));
  BOOST_REQUIRE(std::holds_alternative<config>(result));
  return std::get<config>(result);
}

bool accepted(const std::string& name, const std::string& value) {
  return std::holds_alternative<config>(load({{name, value}}));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(account_settings)

BOOST_AUTO_TEST_CASE(defaults_are_production_values) {
  auto c = loaded({});
  BOOST_TEST((c.hash_cost == password_cost::interactive));
  BOOST_TEST(c.login_account_failures == 5);
  BOOST_TEST(c.login_address_failures == 20);
  BOOST_TEST(c.login_throttle_window.count() == 900000);
}

BOOST_AUTO_TEST_CASE(every_setting_is_read) {
  auto c = loaded({{"HASH_COST", "minimum"},
                   {"LOGIN_ACCOUNT_FAILURES", "1"},
                   {"LOGIN_ADDRESS_FAILURES", "1000000"},
                   {"LOGIN_THROTTLE_WINDOW_MS", "250"}});
  BOOST_TEST((c.hash_cost == password_cost::minimum));
  BOOST_TEST(c.login_account_failures == 1);
  BOOST_TEST(c.login_address_failures == 1000000);
  BOOST_TEST(c.login_throttle_window.count() == 250);
  BOOST_TEST((loaded({{"HASH_COST", "interactive"}}).hash_cost == password_cost::interactive));
}

BOOST_AUTO_TEST_CASE(bad_values_are_refused) {
  for (std::string bad : {"Minimum", "min", "moderate", "0"}) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!accepted("HASH_COST", bad)); }
  }
  for (std::string name : {"LOGIN_ACCOUNT_FAILURES", "LOGIN_ADDRESS_FAILURES"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(!accepted(name, "0"));
      BOOST_TEST(!accepted(name, "1000001"));
    }
  }
  BOOST_TEST(!accepted("LOGIN_THROTTLE_WINDOW_MS", "0"));
  BOOST_TEST(!accepted("LOGIN_THROTTLE_WINDOW_MS", "3600001"));
}

BOOST_AUTO_TEST_CASE(help_describes_them) {
  const auto help = folio::app::config_help();
  for (std::string name : {"HASH_COST", "LOGIN_ACCOUNT_FAILURES", "LOGIN_ADDRESS_FAILURES", "LOGIN_THROTTLE_WINDOW_MS"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(help.find("\n  " + name + " ") != std::string::npos); }
  }
  BOOST_TEST(help.find("tests only") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
