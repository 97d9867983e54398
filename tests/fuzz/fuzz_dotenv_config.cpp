// The .env parser, then the configuration read from what it parsed (as `folio` does with a
// .env file and an empty environment). A parsed file must hold only keys that are valid
// variable names and values without NUL (setenv would cut them); a configuration must keep the
// ranges of its table; and an error message must never quote a secret's value.
#include <boost/json/serialize.hpp>
#include <boost/json/string_view.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "app/runtime/config.hpp"
#include "app/runtime/dotenv.hpp"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_dotenv_config: %s\n", what);
  std::abort();
}

using vars = std::map<std::string, std::string>;

bool is_key(const std::string& key) {
  auto head = [](char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  return !key.empty() && head(key.front()) &&
         std::all_of(key.begin(), key.end(), [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

void check_config(const folio::app::config& c, const vars& env) {
  if (c.database_url.empty()) fail("a configuration without DATABASE_URL");
  if (c.port < 1) fail("port 0");
  if (c.threads < 1 || c.threads > 64) fail("THREADS out of range");
  if (c.max_header_bytes < 1024 || c.max_header_bytes > 1'048'576) fail("MAX_HEADER_BYTES out of range");
  if (c.db_pool_size < 1 || c.db_max_pipeline < 1 || c.db_max_waiters < 0) fail("a pool setting out of range");
  for (auto ms : {c.header_timeout, c.idle_timeout, c.request_timeout, c.shutdown_grace, c.db_acquire_timeout,
                  c.db_connect_timeout, c.db_statement_timeout, c.login_throttle_window}) {
    if (ms.count() < 1 || ms.count() > 3'600'000) fail("a duration out of range");
  }
  if (!c.cursor_secret.empty() && c.cursor_secret.size() < 32) fail("a short CURSOR_SECRET");
  if (auto it = env.find("DATABASE_URL"); it != env.end() && !it->second.empty() && c.database_url != it->second)
    fail("DATABASE_URL changed on its way");
}

std::string json_quoted(const std::string& value) {
  return boost::json::serialize(boost::json::string_view(value.data(), value.size()));
}

// A message with every legitimate quotation of another variable's value cut out: what is left is
// the message's own text, which must not hold a secret. (Searching the whole message would find a
// secret that happens to lie inside, or across the escaping of, another quoted value.)
std::string without_quoted_values(std::string message, const vars& env) {
  for (const auto& [key, value] : env) {
    if (key == "DATABASE_URL" || key == "CURSOR_SECRET") continue;
    const auto quotation = key + "=" + json_quoted(value);
    for (auto at = message.find(quotation); at != std::string::npos; at = message.find(quotation, at))
      message.erase(at, quotation.size());
  }
  return message;
}

// A secret's value is looked for raw and escaped as a JSON string (the form in which messages
// quote values). Only values that cannot appear in a message's own text are checked: at least 8
// bytes with one that no message text holds (~ ` ^ or a byte of 0x80 and above).
void check_no_secret_in(const folio::app::config_error& error, const vars& env) {
  for (const char* name : {"DATABASE_URL", "CURSOR_SECRET"}) {
    auto it = env.find(name);
    if (it == env.end() || it->second.size() < 8) continue;
    const auto& secret = it->second;
    if (!std::any_of(secret.begin(), secret.end(),
                     [](char c) { return c == '~' || c == '`' || c == '^' || static_cast<unsigned char>(c) >= 0x80; }))
      continue;
    auto escaped = json_quoted(secret);
    escaped = escaped.substr(1, escaped.size() - 2);
    for (const auto& message : error.messages) {
      const auto own_text = without_quoted_values(message, env);
      if (own_text.find(secret) != std::string::npos || own_text.find(escaped) != std::string::npos) {
        std::fprintf(stderr, "%s leaked in: %s\n", name, message.c_str());
        fail("a secret's value in an error message");
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = folio::app::parse_dotenv(input);
  if (auto* error = std::get_if<folio::app::dotenv_error>(&parsed)) {
    if (error->line < 1 || error->message.empty()) fail("an error without a line or a message");
    return 0;
  }
  const auto& env = std::get<vars>(parsed);
  for (const auto& [key, value] : env) {
    if (!is_key(key)) fail("a key that is not a variable name");
    if (value.find('\0') != std::string::npos) fail("a value with a NUL byte");
  }

  auto loaded = folio::app::load_config([&env](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  });
  if (auto* c = std::get_if<folio::app::config>(&loaded)) {
    check_config(*c, env);
  } else {
    const auto& error = std::get<folio::app::config_error>(loaded);
    if (error.messages.empty()) fail("a configuration error with no message");
    check_no_secret_in(error, env);
  }
  return 0;
}
