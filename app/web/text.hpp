#pragma once
#include "net/utf8.hpp"
// Text rules of the API contract: UTF-8 validity, lengths in code points, Unicode white space,
// and the shapes of usernames, e-mail addresses, slugs and tags.
#include <cstddef>
#include <string>
#include <string_view>

namespace folio::app {

// Strict UTF-8 validation is an HTTP-level concern; the domain uses the same function.
using net::is_valid_utf8;

// Number of code points; s must be valid UTF-8.
std::size_t code_points(std::string_view s);

// White space is Unicode's White_Space property: ASCII \t \n \v \f \r and space, U+0085,
// U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
// s must be valid UTF-8 for these two.
std::string_view trim(std::string_view s);
std::size_t count_words(std::string_view s);  // maximal runs of non-white-space

// 3 to 32 of [a-z0-9_]; callers lowercase with ascii_lower first.
bool is_username(std::string_view s);
std::string ascii_lower(std::string_view s);

// A deliberately loose check (the only real test is a confirmation mail): at most 254 bytes,
// exactly one '@', a local part of 1 to 64 bytes, a domain with a dot that neither starts nor
// ends with one, and no spaces or control characters.
bool is_email(std::string_view s);

bool is_slug(std::string_view s);  // 1 to 80 of [a-z0-9-]
bool is_tag(std::string_view s);   // 1 to 32 of [a-z0-9-]

// A slug made from a title: lowercase ASCII letters and digits, other runs become one '-', at
// most 72 characters so a "-NNNNNNN" suffix still fits in a slug; "content" if nothing is left.
std::string slugify(std::string_view title);

}  // namespace folio::app
