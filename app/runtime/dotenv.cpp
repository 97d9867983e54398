#include "app/runtime/dotenv.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace folio::app {
namespace {

using vars_map = std::map<std::string, std::string>;
// The value and line parsers return an error message on failure, nothing on success.
using failure = std::optional<std::string>;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Same rule as POSIX shells, so every key is also a valid environment variable name.
bool is_key(std::string_view key) {
  auto head = [](char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  auto tail = [&](char c) { return head(c) || (c >= '0' && c <= '9'); };
  return !key.empty() && head(key.front()) && std::all_of(key.begin() + 1, key.end(), tail);
}

// After a closing quote only blanks and a comment may follow; anything else is a typo that
// would otherwise be silently dropped.
failure check_trailer(std::string_view rest) {
  rest = trim_blanks(rest);
  if (rest.empty() || rest.front() == '#') return std::nullopt;
  return "unexpected text after the closing quote";
}

// `rest` starts just after the opening quote.
failure single_quoted(std::string_view rest, std::string& out) {
  auto close = rest.find('\'');
  if (close == std::string_view::npos) return "unterminated single-quoted value";
  out = rest.substr(0, close);
  return check_trailer(rest.substr(close + 1));
}

// `rest` starts just after the opening quote. Unknown escapes are errors rather than kept
// literally, so a mistyped escape cannot slip into a password unnoticed.
failure double_quoted(std::string_view rest, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (c == '"') return check_trailer(rest.substr(i + 1));
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == rest.size()) break;
    switch (rest[i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      default: return std::string("unknown escape \\") + rest[i] + " in double-quoted value";
    }
  }
  return "unterminated double-quoted value";
}

// '#' starts a comment only after a blank, so values such as "pa#ss" keep their '#'.
std::string unquoted(std::string_view rest) {
  for (std::size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '#' && is_blank(rest[i - 1])) {
      rest = rest.substr(0, i);
      break;
    }
  }
  return std::string(trim_blanks(rest));
}

failure parse_value(std::string_view text, std::string& out) {
  auto lead_trimmed = trim_blanks(text);
  if (lead_trimmed.starts_with('\'')) return single_quoted(lead_trimmed.substr(1), out);
  if (lead_trimmed.starts_with('"')) return double_quoted(lead_trimmed.substr(1), out);
  // Untrimmed, so that a comment right after '=' (KEY= # note) is still seen as a comment.
  out = unquoted(text);
  return std::nullopt;
}

failure parse_line(std::string_view line, vars_map& vars) {
  // setenv() would silently cut the value at a NUL byte.
  if (line.find('\0') != std::string_view::npos) return "NUL byte in line";
  line = trim_blanks(line);
  if (line.empty() || line.front() == '#') return std::nullopt;
  if (line.starts_with("export") && line.size() > 6 && is_blank(line[6])) {
    line = trim_blanks(line.substr(6));
  }
  auto eq = line.find('=');
  if (eq == std::string_view::npos) return "expected KEY=value";
  auto key = trim_blanks(line.substr(0, eq));
  if (!is_key(key)) return "invalid variable name \"" + std::string(key) + "\"";
  std::string value;
  if (auto error = parse_value(line.substr(eq + 1), value)) return error;
  vars.insert_or_assign(std::string(key), std::move(value));
  return std::nullopt;
}

}  // namespace

std::variant<vars_map, dotenv_error> parse_dotenv(std::string_view text) {
  // Some editors start UTF-8 files with a byte order mark; it is not part of the first key.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  vars_map vars;
  for (int number = 1; !text.empty(); ++number) {
    auto newline = text.find('\n');
    auto line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);  // files written on Windows
    if (auto error = parse_line(line, vars)) return dotenv_error{number, std::move(*error)};
  }
  return vars;
}

std::optional<dotenv_error> load_dotenv_file(const std::string& path) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found) return std::nullopt;
  if (ec || !std::filesystem::is_regular_file(status)) {
    return dotenv_error{0, "cannot read " + path + ": not a readable regular file"};
  }
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.is_open() || in.bad()) return dotenv_error{0, "cannot read " + path};

  auto parsed = parse_dotenv(text);
  if (auto* error = std::get_if<dotenv_error>(&parsed)) return std::move(*error);
  for (const auto& [key, value] : std::get<vars_map>(parsed)) {
    if (::setenv(key.c_str(), value.c_str(), /*overwrite=*/0) != 0) {
      return dotenv_error{0, "cannot set " + key};
    }
  }
  return std::nullopt;
}

}  // namespace folio::app
