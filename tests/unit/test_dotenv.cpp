#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>

#include "app/runtime/dotenv.hpp"

using folio::app::dotenv_error;
using folio::app::load_dotenv_file;
using folio::app::parse_dotenv;
using vars = std::map<std::string, std::string>;

namespace {

vars parsed(std::string_view text) {
  auto result = parse_dotenv(text);
  if (auto* error = std::get_if<dotenv_error>(&result)) {
    BOOST_FAIL("line " << error->line << ": " << error->message);
  }
  return std::get<vars>(result);
}

dotenv_error failed(std::string_view text) {
  auto result = parse_dotenv(text);
  BOOST_REQUIRE(std::holds_alternative<dotenv_error>(result));
  return std::get<dotenv_error>(result);
}

std::string value_of(std::string_view text) { return parsed(text).at("K"); }

// A file in the temporary directory, removed when the test ends.
struct temp_file {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("folio-dotenv-" + std::to_string(::getpid()) + ".env");
  explicit temp_file(std::string_view content) { std::ofstream(path) << content; }
  ~temp_file() { std::filesystem::remove(path); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(dotenv)

BOOST_AUTO_TEST_CASE(empty_blank_and_comment_lines) {
  BOOST_TEST(parsed("").empty());
  BOOST_TEST(parsed("\n\n  \t \n# comment\n   # indented comment\n").empty());
}

BOOST_AUTO_TEST_CASE(simple_pairs_and_trimming) {
  auto v = parsed("A=1\n  B  =  two words  \nC=\n_x9=y\n");
  BOOST_TEST(v.size() == 4u);
  BOOST_TEST(v.at("A") == "1");
  BOOST_TEST(v.at("B") == "two words");
  BOOST_TEST(v.at("C") == "");
  BOOST_TEST(v.at("_x9") == "y");
}

BOOST_AUTO_TEST_CASE(export_prefix) {
  BOOST_TEST(parsed("export A=1").at("A") == "1");
  BOOST_TEST(parsed("  export\tA = 1").at("A") == "1");
  // "export" without a following blank is an ordinary key.
  BOOST_TEST(parsed("export=1").at("export") == "1");
  BOOST_TEST(parsed("exportA=1").at("exportA") == "1");
}

BOOST_AUTO_TEST_CASE(unquoted_inline_comments) {
  BOOST_TEST(value_of("K=value # comment") == "value");
  BOOST_TEST(value_of("K=value\t# comment") == "value");
  BOOST_TEST(value_of("K=pa#ss") == "pa#ss");
  BOOST_TEST(value_of("K=#not-a-comment") == "#not-a-comment");
  BOOST_TEST(value_of("K= # only a comment") == "");
  BOOST_TEST(value_of("K=a=b=c") == "a=b=c");
  BOOST_TEST(value_of("K=postgresql://u:p@h/db?x=1") == "postgresql://u:p@h/db?x=1");
}

BOOST_AUTO_TEST_CASE(single_quotes_are_literal) {
  BOOST_TEST(value_of(R"(K='a \n "b" # c  ')") == R"(a \n "b" # c  )");
  BOOST_TEST(value_of("K=  ''  ") == "");
  BOOST_TEST(value_of("K='x' # trailing comment") == "x");
}

BOOST_AUTO_TEST_CASE(double_quote_escapes) {
  BOOST_TEST(value_of(R"(K="a\nb\tc\"d\\e")") == "a\nb\tc\"d\\e");
  BOOST_TEST(value_of(R"(K=" keep # spaces ")") == " keep # spaces ");
  BOOST_TEST(value_of(R"(K="it's")") == "it's");
  BOOST_TEST(value_of(R"(K="x"   # comment)") == "x");
  BOOST_TEST(value_of(R"(K="\\")") == "\\");
}

BOOST_AUTO_TEST_CASE(quote_errors) {
  BOOST_TEST(failed("K='open").line == 1);
  BOOST_TEST(failed("K=\"open").line == 1);
  BOOST_TEST(failed(R"(K="ends in backslash\")").line == 1);
  BOOST_TEST(failed(R"(K="\q")").message.find("\\q") != std::string::npos);
  BOOST_TEST(failed("K='a' b").line == 1);
  BOOST_TEST(failed("K=\"a\"b").line == 1);
}

BOOST_AUTO_TEST_CASE(line_without_equals_is_an_error_naming_the_line) {
  auto error = failed("A=1\n\n# c\nJUST_A_WORD\nB=2\n");
  BOOST_TEST(error.line == 4);
  BOOST_TEST(!error.message.empty());
  BOOST_TEST(failed("export").line == 1);
  BOOST_TEST(failed("export A").line == 1);
}

BOOST_AUTO_TEST_CASE(bad_keys) {
  BOOST_TEST(failed("=1").line == 1);
  BOOST_TEST(failed("1A=1").line == 1);
  BOOST_TEST(failed("A-B=1").line == 1);
  BOOST_TEST(failed("A B=1").line == 1);
  BOOST_TEST(failed("A=1\nÄ=2").line == 2);
  BOOST_TEST(failed("A=1\nA.B=2").message.find("A.B") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(later_duplicates_win) {
  auto v = parsed("A=1\nA=2\nexport A='3'\n");
  BOOST_TEST(v.size() == 1u);
  BOOST_TEST(v.at("A") == "3");
}

BOOST_AUTO_TEST_CASE(crlf_bom_and_missing_final_newline) {
  auto v = parsed(
      "\xEF\xBB\xBF"
      "A=1\r\nB=\"2\"\r\nC=3");
  BOOST_TEST(v.at("A") == "1");
  BOOST_TEST(v.at("B") == "2");
  BOOST_TEST(v.at("C") == "3");
  BOOST_TEST(failed("A=1\r\nB\r\n").line == 2);
}

BOOST_AUTO_TEST_CASE(nul_byte_is_an_error) {
  using namespace std::string_view_literals;
  BOOST_TEST(failed("A=1\nB=x\0y\n"sv).line == 2);
}

BOOST_AUTO_TEST_CASE(multi_byte_values_are_kept) { BOOST_TEST(value_of("K=日本語 # note") == "日本語"); }

BOOST_AUTO_TEST_CASE(missing_file_is_not_an_error) {
  BOOST_TEST(!load_dotenv_file("/nonexistent/folio/.env").has_value());
}

BOOST_AUTO_TEST_CASE(directory_is_an_error) {
  auto error = load_dotenv_file(std::filesystem::temp_directory_path().string());
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->line == 0);
}

BOOST_AUTO_TEST_CASE(file_sets_unset_variables_and_real_environment_wins) {
  ::setenv("FOLIO_TEST_DOTENV_SET", "from-environment", 1);
  ::unsetenv("FOLIO_TEST_DOTENV_NEW");
  temp_file file("FOLIO_TEST_DOTENV_SET=from-file\nFOLIO_TEST_DOTENV_NEW=\"new value\"\n");

  BOOST_TEST(!load_dotenv_file(file.path.string()).has_value());
  BOOST_TEST(std::string(std::getenv("FOLIO_TEST_DOTENV_SET")) == "from-environment");
  BOOST_TEST(std::string(std::getenv("FOLIO_TEST_DOTENV_NEW")) == "new value");
  ::unsetenv("FOLIO_TEST_DOTENV_SET");
  ::unsetenv("FOLIO_TEST_DOTENV_NEW");
}

BOOST_AUTO_TEST_CASE(file_with_error_sets_nothing) {
  ::unsetenv("FOLIO_TEST_DOTENV_FIRST");
  temp_file file("FOLIO_TEST_DOTENV_FIRST=1\nbroken line\n");

  auto error = load_dotenv_file(file.path.string());
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->line == 2);
  BOOST_TEST(!std::getenv("FOLIO_TEST_DOTENV_FIRST"));
}

BOOST_AUTO_TEST_SUITE_END()
