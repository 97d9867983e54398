#pragma once
// A small .env reader for local development: the file supplies defaults, the real environment
// always wins, so deployments configured through the environment are never overridden by a
// stray file.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace folio::app {

struct dotenv_error {
  int line;  // 1-based; 0 when the error is not tied to a line (the file could not be read)
  std::string message;
};

// Parses KEY=value lines: blank lines and '#' comments are skipped, an optional "export " prefix
// is allowed, unquoted values are trimmed and lose a " #..." inline comment, 'single-quoted'
// values are literal and "double-quoted" values understand \n \t \" \\. Later duplicates win.
std::variant<std::map<std::string, std::string>, dotenv_error> parse_dotenv(std::string_view text);

// Reads the file at path if it exists (a missing file is not an error) and sets every variable
// that is not already in the environment.
std::optional<dotenv_error> load_dotenv_file(const std::string& path);

}  // namespace folio::app
