#include <boost/test/unit_test.hpp>

#include <string>

#include "app/web/text.hpp"

using namespace folio::app;
using namespace std::string_view_literals;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(valid_utf8) {
  BOOST_TEST(is_valid_utf8(""));
  BOOST_TEST(is_valid_utf8("plain ascii \t\n"));
  BOOST_TEST(is_valid_utf8("\0"sv));
  BOOST_TEST(is_valid_utf8("\x7F"));
  BOOST_TEST(is_valid_utf8("\xC2\x80"));          // U+0080, smallest two-byte
  BOOST_TEST(is_valid_utf8("\xDF\xBF"));          // U+07FF
  BOOST_TEST(is_valid_utf8("\xE0\xA0\x80"));      // U+0800, smallest three-byte
  BOOST_TEST(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  BOOST_TEST(is_valid_utf8("\xEE\x80\x80"));      // U+E000, just above them
  BOOST_TEST(is_valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  BOOST_TEST(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000, smallest four-byte
  BOOST_TEST(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  BOOST_TEST(is_valid_utf8("日本語 é 😀"));
}

BOOST_AUTO_TEST_CASE(invalid_utf8) {
  BOOST_TEST(!is_valid_utf8("\x80"));  // lone continuation byte
  BOOST_TEST(
      !is_valid_utf8("a\xBF"
                     "b"));
  BOOST_TEST(!is_valid_utf8("\xC2"));          // truncated
  BOOST_TEST(!is_valid_utf8("\xE2\x82"));      // truncated
  BOOST_TEST(!is_valid_utf8("\xF0\x9F\x98"));  // truncated
  BOOST_TEST(
      !is_valid_utf8("\xC2"
                     "A"));  // continuation missing
  BOOST_TEST(!is_valid_utf8("\xE2\x28\xA1"));
  BOOST_TEST(!is_valid_utf8("\xC0\x80"));                  // overlong NUL
  BOOST_TEST(!is_valid_utf8("\xC1\xBF"));                  // overlong U+007F
  BOOST_TEST(!is_valid_utf8("\xE0\x80\xAF"));              // overlong '/'
  BOOST_TEST(!is_valid_utf8("\xE0\x9F\xBF"));              // overlong U+07FF
  BOOST_TEST(!is_valid_utf8("\xF0\x8F\xBF\xBF"));          // overlong U+FFFF
  BOOST_TEST(!is_valid_utf8("\xED\xA0\x80"));              // U+D800
  BOOST_TEST(!is_valid_utf8("\xED\xBF\xBF"));              // U+DFFF
  BOOST_TEST(!is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 surrogate pair
  BOOST_TEST(!is_valid_utf8("\xF4\x90\x80\x80"));          // U+110000
  BOOST_TEST(!is_valid_utf8("\xF5\x80\x80\x80"));
  BOOST_TEST(!is_valid_utf8("\xF8\x88\x80\x80\x80"));  // five-byte form
  BOOST_TEST(!is_valid_utf8("\xFE"));
  BOOST_TEST(!is_valid_utf8("\xFF"));
  BOOST_TEST(!is_valid_utf8("ok\xE6\x97\xA5\xE6\x9C"));  // valid start, truncated end
}

BOOST_AUTO_TEST_CASE(code_point_counts) {
  BOOST_TEST(code_points("") == 0u);
  BOOST_TEST(code_points("abc") == 3u);
  BOOST_TEST(code_points("é") == 1u);
  BOOST_TEST(code_points("日本語") == 3u);
  BOOST_TEST(code_points("😀x") == 2u);
}

BOOST_AUTO_TEST_CASE(trim_unicode_white_space) {
  BOOST_TEST(trim("") == "");
  BOOST_TEST(trim(" \t\n\v\f\r") == "");
  BOOST_TEST(trim("  a b  ") == "a b");
  BOOST_TEST(trim("\u00A0\u3000x\u2028\u0085") == "x");
  BOOST_TEST(trim("\u1680\u2000\u200A\u2029\u202F\u205Fx y\u2005") == "x y");
  // Near misses are not white space: U+200B ZERO WIDTH SPACE, U+180E, U+FEFF.
  BOOST_TEST(trim("\u200Bx") == "\u200Bx");
  BOOST_TEST(trim("x\u180E") == "x\u180E");
  BOOST_TEST(trim("\uFEFFx\uFEFF") == "\uFEFFx\uFEFF");
  // Characters whose last bytes look like white-space encodings are kept whole.
  BOOST_TEST(trim("\u3000日\u3000") == "日");
  BOOST_TEST(trim("\u5000") == "\u5000");
  BOOST_TEST(trim("\u0100") == "\u0100");
}

BOOST_AUTO_TEST_CASE(word_counts) {
  BOOST_TEST(count_words("") == 0u);
  BOOST_TEST(count_words(" \u3000\t") == 0u);
  BOOST_TEST(count_words("one") == 1u);
  BOOST_TEST(count_words("  one   two\tthree\n") == 3u);
  BOOST_TEST(count_words("日本語\u3000テキスト") == 2u);
  BOOST_TEST(count_words("a\u00A0b\u2009c\u202Fd") == 4u);
  BOOST_TEST(count_words("a\u200Bb") == 1u);  // zero width space joins
  BOOST_TEST(count_words("well-known, don't!") == 2u);
}

BOOST_AUTO_TEST_CASE(usernames) {
  BOOST_TEST(!is_username("ab"));
  BOOST_TEST(is_username("abc"));
  BOOST_TEST(is_username(std::string(32, 'a')));
  BOOST_TEST(!is_username(std::string(33, 'a')));
  BOOST_TEST(is_username("user_01"));
  BOOST_TEST(!is_username("User"));
  BOOST_TEST(!is_username("us-er"));
  BOOST_TEST(!is_username("us er"));
  BOOST_TEST(!is_username("üser"));
  BOOST_TEST(!is_username(""));
}

BOOST_AUTO_TEST_CASE(lowercasing_is_ascii_only) {
  BOOST_TEST(ascii_lower("AbC_09-Z") == "abc_09-z");
  BOOST_TEST(ascii_lower("ÄÖ") == "ÄÖ");
  BOOST_TEST(ascii_lower("") == "");
}

BOOST_AUTO_TEST_CASE(emails) {
  BOOST_TEST(is_email("a@b.c"));
  BOOST_TEST(is_email("first.last+tag@example.co.uk"));
  BOOST_TEST(is_email("jürgen@müller.de"));
  BOOST_TEST(!is_email(""));
  BOOST_TEST(!is_email("plain"));
  BOOST_TEST(!is_email("@b.c"));
  BOOST_TEST(!is_email("a@"));
  BOOST_TEST(!is_email("a@b"));
  BOOST_TEST(!is_email("a@@b.c"));
  BOOST_TEST(!is_email("a@b@c.d"));
  BOOST_TEST(!is_email("a@.b.c"));
  BOOST_TEST(!is_email("a@b.c."));
  BOOST_TEST(!is_email("a b@c.d"));
  BOOST_TEST(!is_email("a@c.d "));
  BOOST_TEST(!is_email("a\t@c.d"));
  BOOST_TEST(!is_email("a\x7F@c.d"));
  BOOST_TEST(!is_email("a@c\n.d"));
  BOOST_TEST(!is_email("a\0b@c.d"sv));

  BOOST_TEST(is_email(std::string(64, 'l') + "@b.c"));
  BOOST_TEST(!is_email(std::string(65, 'l') + "@b.c"));
  const std::string at_254 = "a@" + std::string(248, 'd') + ".com";
  BOOST_REQUIRE(at_254.size() == 254u);
  BOOST_TEST(is_email(at_254));
  BOOST_TEST(!is_email(at_254 + "m"));
}

BOOST_AUTO_TEST_CASE(slugs_and_tags) {
  BOOST_TEST(!is_slug(""));
  BOOST_TEST(is_slug("a"));
  BOOST_TEST(is_slug("hello-world-2"));
  BOOST_TEST(is_slug(std::string(80, 'a')));
  BOOST_TEST(!is_slug(std::string(81, 'a')));
  BOOST_TEST(!is_slug("Hello"));
  BOOST_TEST(!is_slug("a_b"));
  BOOST_TEST(!is_slug("é"));

  BOOST_TEST(!is_tag(""));
  BOOST_TEST(is_tag("c-plus-plus"));
  BOOST_TEST(is_tag(std::string(32, 'a')));
  BOOST_TEST(!is_tag(std::string(33, 'a')));
  BOOST_TEST(!is_tag("c++"));
  BOOST_TEST(!is_tag("Tag"));
}

BOOST_AUTO_TEST_CASE(slugify_titles) {
  BOOST_TEST(slugify("Hello, World!") == "hello-world");
  BOOST_TEST(slugify("  --Leading and trailing--  ") == "leading-and-trailing");
  BOOST_TEST(slugify("C++ in 2026") == "c-in-2026");
  BOOST_TEST(slugify("Crème brûlée") == "cr-me-br-l-e");
  BOOST_TEST(slugify("a") == "a");
  BOOST_TEST(slugify("日本語") == "content");
  BOOST_TEST(slugify("!!!") == "content");
  BOOST_TEST(slugify("") == "content");
  BOOST_TEST(slugify("日本語 Title 2") == "title-2");
}

BOOST_AUTO_TEST_CASE(slugify_length_limit) {
  BOOST_TEST(slugify(std::string(72, 'a')) == std::string(72, 'a'));
  BOOST_TEST(slugify(std::string(73, 'a')) == std::string(72, 'a'));
  BOOST_TEST(slugify(std::string(500, 'B')) == std::string(72, 'b'));
  // A cut that lands on a separator drops it.
  BOOST_TEST(slugify(std::string(71, 'a') + " b") == std::string(71, 'a'));
  BOOST_TEST(slugify(std::string(70, 'a') + " bc") == std::string(70, 'a') + "-b");
  for (std::string title :
       {std::string(300, 'x'), "word " + std::string(90, '!') + "x", std::string(100, 'a') + "!!!!"}) {
    auto slug = slugify(title);
    BOOST_TEST(slug.size() <= 72u);
    BOOST_TEST(is_slug(slug));
    BOOST_TEST(is_slug(slug + "-1234567"));
    BOOST_TEST(!slug.ends_with('-'));
  }
}

BOOST_AUTO_TEST_SUITE_END()
