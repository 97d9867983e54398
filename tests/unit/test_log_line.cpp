// Log lines (app/runtime/log_line.hpp) in both LOG_FORMATs: fields in order, numbers unquoted in
// JSON, values escaped so that none can forge a line, keyless fields left out.
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

#include "app/runtime/log_line.hpp"

using folio::app::log_format;
using folio::app::log_level;
namespace logging = folio::app::log;

namespace {

std::string sample_line(log_format format) {
  logging::line line(format, log_level::info, "request");
  line.add({"route", "/api/v1/contents/{content}"});
  line.add({"status", "200", true});
  line.add({});
  line.add({"note", "two words \"quoted\"\nand a new line"});
  return std::move(line).finish();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_line)

BOOST_AUTO_TEST_CASE(json_lines_are_one_object_with_numbers_unquoted) {
  const auto text = sample_line(log_format::json);
  BOOST_TEST(text.back() == '\n');
  BOOST_TEST(text.find('\n') == text.size() - 1, "one line: " << text);
  const auto object = boost::json::parse(text).as_object();
  BOOST_TEST(object.at("level").as_string() == "info");
  BOOST_TEST(object.at("msg").as_string() == "request");
  BOOST_TEST(object.at("route").as_string() == "/api/v1/contents/{content}");
  BOOST_TEST(object.at("status").as_int64() == 200);
  BOOST_TEST(object.at("note").as_string() == "two words \"quoted\"\nand a new line");
  BOOST_TEST(object.size() == 6u, "the keyless field is left out: " << text);
}

BOOST_AUTO_TEST_CASE(text_lines_are_logfmt_quoting_only_what_needs_it) {
  const auto text = sample_line(log_format::text);
  BOOST_TEST(text.starts_with("ts="));
  BOOST_TEST(text.find(" level=info msg=request route=/api/v1/contents/{content} status=200 "
                       "note=\"two words \\\"quoted\\\"\\nand a new line\"\n") != std::string::npos,
             text);
}

BOOST_AUTO_TEST_SUITE_END()
