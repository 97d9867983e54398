#include "app/web/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace folio::app {
namespace {

// The White_Space characters as UTF-8. Matching encoded bytes instead of decoding is safe on
// valid UTF-8: each entry begins with an ASCII or lead byte, never a continuation byte, so a
// match cannot start or end inside another character.
constexpr std::array<std::string_view, 25> white_space{
    "\t",     "\n",     "\v",     "\f",     "\r",     " ",      "\u0085", "\u00A0", "\u1680",
    "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008",
    "\u2009", "\u200A", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000",
};

// Byte length of the white-space character s starts with, 0 if it starts with something else.
std::size_t leading_space(std::string_view s) {
  for (auto ws : white_space) {
    if (s.starts_with(ws)) return ws.size();
  }
  return 0;
}

std::size_t trailing_space(std::string_view s) {
  for (auto ws : white_space) {
    if (s.ends_with(ws)) return ws.size();
  }
  return 0;
}

bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool all_of_within(std::string_view s, std::size_t min, std::size_t max, bool (*allowed)(char)) {
  return s.size() >= min && s.size() <= max && std::all_of(s.begin(), s.end(), allowed);
}

bool is_slug_char(char c) { return is_lower_alnum(c) || c == '-'; }

}  // namespace

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return !is_continuation(static_cast<unsigned char>(c)); }));
}

std::string_view trim(std::string_view s) {
  while (auto n = leading_space(s)) s.remove_prefix(n);
  while (auto n = trailing_space(s)) s.remove_suffix(n);
  return s;
}

std::size_t count_words(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  while (!s.empty()) {
    if (auto n = leading_space(s)) {
      s.remove_prefix(n);
      in_word = false;
      continue;
    }
    if (!in_word) ++words;
    in_word = true;
    // One byte at a time is enough: see white_space on why no match starts mid-character.
    s.remove_prefix(1);
  }
  return words;
}

bool is_username(std::string_view s) {
  return all_of_within(s, 3, 32, [](char c) { return is_lower_alnum(c) || c == '_'; });
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower_ascii);
  return out;
}

bool is_email(std::string_view s) {
  auto is_space_or_control = [](char c) {
    auto b = static_cast<unsigned char>(c);
    return b <= 0x20 || b == 0x7F;
  };
  if (s.size() > 254 || std::any_of(s.begin(), s.end(), is_space_or_control)) return false;
  auto at = s.find('@');
  if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  auto local = s.substr(0, at);
  auto domain = s.substr(at + 1);
  return !local.empty() && local.size() <= 64 && domain.find('.') != std::string_view::npos &&
         !domain.starts_with('.') && !domain.ends_with('.');
}

bool is_slug(std::string_view s) { return all_of_within(s, 1, 80, is_slug_char); }

bool is_tag(std::string_view s) { return all_of_within(s, 1, 32, is_slug_char); }

std::string slugify(std::string_view title) {
  constexpr std::size_t max_length = 72;
  std::string slug;
  for (char c : title) {
    char lower = lower_ascii(c);
    if (is_lower_alnum(lower)) {
      slug += lower;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';  // never at the start, and one per run
    }
    if (slug.size() > max_length) break;  // nothing further can survive the cut
  }
  slug.resize(std::min(slug.size(), max_length));
  while (slug.ends_with('-')) slug.pop_back();
  return slug.empty() ? "content" : slug;
}

}  // namespace folio::app
