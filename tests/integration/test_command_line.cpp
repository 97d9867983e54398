// The command line without configuration: help for every command and subcommand, and unknown
// commands and options named as such (exit 2).
#include <boost/test/unit_test.hpp>

#include <string>

#include "harness.hpp"

using namespace folio::test;

namespace {

// No DATABASE_URL: an empty value counts as unset.
int run_unconfigured(const std::string& args, std::string& output) { return run_folio("", args, {}, &output); }

}  // namespace

BOOST_AUTO_TEST_SUITE(command_line)

BOOST_AUTO_TEST_CASE(every_command_answers_help_without_configuration) {
  for (std::string command : {"serve", "migrate", "seed", "users", "db", "db migrate", "db status", "db seed",
                              "db backup", "db restore", "db generate", "db check"}) {
    BOOST_TEST_CONTEXT(command) {
      std::string output;
      BOOST_TEST(run_unconfigured(command + " --help", output) == 0, output);
      BOOST_TEST(output.find("Usage: folio " + command) != std::string::npos, output);
      BOOST_TEST(output.find("DATABASE_URL is required") == std::string::npos, output);
    }
  }
  std::string output;
  BOOST_TEST(run_unconfigured("--help", output) == 0);
  BOOST_TEST(output.find("folio db COMMAND") != std::string::npos, output);
  BOOST_TEST(output.find("DATABASE_URL") != std::string::npos, output);
}

BOOST_AUTO_TEST_CASE(unknown_commands_and_options_exit_2_with_the_list) {
  std::string output;
  BOOST_TEST(run_unconfigured("bogus", output) == 2);
  BOOST_TEST(output.find("unknown command: bogus") != std::string::npos, output);
  BOOST_TEST(output.find("folio db COMMAND") != std::string::npos, output);

  BOOST_TEST(run_unconfigured("db bogus", output) == 2);
  BOOST_TEST(output.find("unknown command: db bogus") != std::string::npos, output);
  BOOST_TEST(output.find("folio db generate") != std::string::npos, output);

  BOOST_TEST(run_folio(create_database(), "db check --bogus", {}, &output) == 2);
  BOOST_TEST(output.find("unknown option --bogus") != std::string::npos, output);
  BOOST_TEST(run_folio(create_database(), "migrate --bogus", {}, &output) == 2);
  BOOST_TEST(output.find("unknown option --bogus") != std::string::npos, output);
}

BOOST_AUTO_TEST_SUITE_END()
