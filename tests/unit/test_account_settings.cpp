// The settings of password hashing, login and registration throttling, and trusted proxies
// (app/runtime/config.cpp's table).
#include <boost/test/unit_test.hpp>

#include <boost/asio/ip/address.hpp>

#include <map>
#include <string>

#include "app/runtime/config.hpp"

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
  BOOST_TEST(c.register_address_limit == 10);
  BOOST_TEST(c.register_window.count() == 3600000);
  BOOST_TEST(c.trusted_proxies.empty());
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
  auto r = loaded({{"REGISTER_ADDRESS_LIMIT", "1000000"},
                   {"REGISTER_WINDOW_MS", "86400000"},
                   {"TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8"}});
  BOOST_TEST(r.register_address_limit == 1000000);
  BOOST_TEST(r.register_window.count() == 86400000);
  BOOST_TEST(r.trusted_proxies.contains(boost::asio::ip::make_address("10.1.2.3")));
  BOOST_TEST(r.trusted_proxies.contains(boost::asio::ip::make_address("fd00::1")));
  BOOST_TEST(!r.trusted_proxies.contains(boost::asio::ip::make_address("11.0.0.1")));
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
  BOOST_TEST(accepted("REGISTER_ADDRESS_LIMIT", "1"));
  BOOST_TEST(!accepted("REGISTER_ADDRESS_LIMIT", "0"));
  BOOST_TEST(!accepted("REGISTER_ADDRESS_LIMIT", "1000001"));
  BOOST_TEST(accepted("REGISTER_WINDOW_MS", "1"));
  BOOST_TEST(!accepted("REGISTER_WINDOW_MS", "0"));
  BOOST_TEST(!accepted("REGISTER_WINDOW_MS", "86400001"));
}

BOOST_AUTO_TEST_CASE(a_bad_trusted_proxy_list_names_the_variable_and_the_value) {
  auto result = load({{"TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1"}});
  BOOST_REQUIRE(std::holds_alternative<folio::app::config_error>(result));
  const auto& messages = std::get<folio::app::config_error>(result).messages;
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(messages[0].find("TRUSTED_PROXIES=\"10.0.0.0/8, 192.168.1.1\"") != std::string::npos, messages[0]);
  BOOST_TEST(messages[0].find("10.0.0.0/8") != std::string::npos);
  // An empty value is unset, like every other setting: no proxy is trusted.
  BOOST_TEST(loaded({{"TRUSTED_PROXIES", ""}}).trusted_proxies.empty());
}

BOOST_AUTO_TEST_CASE(help_describes_them) {
  const auto help = folio::app::config_help();
  for (std::string name : {"HASH_COST", "LOGIN_ACCOUNT_FAILURES", "LOGIN_ADDRESS_FAILURES", "LOGIN_THROTTLE_WINDOW_MS",
                           "REGISTER_ADDRESS_LIMIT", "REGISTER_WINDOW_MS", "TRUSTED_PROXIES"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(help.find("\n  " + name + " ") != std::string::npos); }
  }
  BOOST_TEST(help.find("tests only") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
