#include "app/runtime/config.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <initializer_list>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/json/serialize.hpp>
#include <libpq-fe.h>

namespace folio::app {
namespace {

constexpr unsigned required = 1;  // unset or empty is an error
constexpr unsigned secret = 2;    // the value never appears in messages, which end up in logs

// One environment variable. Parsing, error messages and --help are all generated from the
// table of these below, so the help text cannot drift from what is actually accepted.
struct variable {
  std::string_view name;
  std::string_view meaning;
  unsigned flags;
  bool (*parse)(std::string_view text, config& out);
  std::string (*show)(const config& cfg);  // the field's current value, to print the default
  std::string (*allowed)();                // what a valid value looks like; empty if anything goes
};

// Digits only: from_chars alone would accept "-0", and no caller means a sign or a space.
std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!std::all_of(text.begin(), text.end(), is_digit)) return std::nullopt;
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || stop != end || value < min || value > max) return std::nullopt;
  return value;
}

// Integer and millisecond fields alike: the member's type decides how the number is stored.
template <auto Member, std::int64_t Min, std::int64_t Max>
struct integer {
  using field_type = std::remove_cvref_t<decltype(std::declval<config&>().*Member)>;

  static bool parse(std::string_view text, config& out) {
    auto value = parse_integer(text, Min, Max);
    if (value) out.*Member = field_type(*value);
    return value.has_value();
  }
  static std::string show(const config& cfg) {
    if constexpr (requires { (cfg.*Member).count(); }) {
      return std::to_string((cfg.*Member).count());
    } else {
      return std::to_string(cfg.*Member);
    }
  }
  static std::string allowed() { return "an integer in " + std::to_string(Min) + ".." + std::to_string(Max); }
};

template <auto Member>
using millis = integer<Member, 1, 3'600'000>;

template <auto Member>
struct text {
  static bool parse(std::string_view value, config& out) {
    out.*Member = value;
    return true;
  }
  static std::string show(const config& cfg) { return cfg.*Member; }
  static std::string allowed() { return {}; }
};

template <auto Member, std::size_t MinLength>
struct long_text {
  static bool parse(std::string_view value, config& out) {
    if (value.size() < MinLength) return false;
    out.*Member = value;
    return true;
  }
  static std::string show(const config& cfg) { return cfg.*Member; }
  static std::string allowed() { return "at least " + std::to_string(MinLength) + " characters"; }
};

// libpq checks these option values only when it connects, and folio would then retry a typo for a
// minute as if the database were down: they are checked here, as libpq 15 does.
bool is_valid_option(std::string_view keyword, std::string_view value) {
  using list = std::initializer_list<std::string_view>;
  auto one_of = [value](list allowed) { return std::find(allowed.begin(), allowed.end(), value) != allowed.end(); };
  if (keyword == "port") {
    // A list, one per host; an empty entry means the default.
    for (std::size_t start = 0; start <= value.size();) {
      const auto comma = std::min(value.find(',', start), value.size());
      const auto port = value.substr(start, comma - start);
      if (!port.empty() && !parse_integer(port, 1, 65535)) return false;
      start = comma + 1;
    }
    return true;
  }
  for (std::string_view integer_option : list{"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                                              "keepalives_count", "tcp_user_timeout"}) {
    if (keyword != integer_option) continue;
    // libpq reads these with strtol: surrounding spaces and a sign are allowed.
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (!value.empty() && (value.front() == '-' || value.front() == '+')) value.remove_prefix(1);
    return parse_integer(value, 0, 2147483647).has_value();
  }
  if (keyword == "sslmode") return one_of({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"});
  if (keyword == "gssencmode" || keyword == "channel_binding") return one_of({"disable", "prefer", "require"});
  if (keyword == "target_session_attrs")
    return one_of({"any", "read-write", "read-only", "primary", "standby", "prefer-standby"});
  return true;
}

// A connection string libpq can parse, whose option values libpq would accept: checked at
// start-up so that a typo stops folio at once (exit 2) instead of being retried as if the
// database were down. libpq's own messages are not passed on, since they may quote the string,
// password included.
bool is_connection_string(std::string_view value) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(value).c_str(), &error);
  PQfreemem(error);
  if (!options) return false;
  bool valid = true;
  for (auto* option = options; option->keyword; ++option) {
    if (option->val && !is_valid_option(option->keyword, option->val)) valid = false;
  }
  PQconninfoFree(options);
  return valid;
}

}  // namespace

std::vector<std::string> split_connection_uris(std::string_view list) {
  // A URI may itself hold commas (several hosts), so a comma separates two entries only when a
  // scheme follows it.
  auto starts_entry = [](std::string_view rest) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    return rest.starts_with("postgresql://") || rest.starts_with("postgres://");
  };
  std::vector<std::string> entries;
  std::size_t start = 0;
  for (std::size_t comma = list.find(','); comma != std::string_view::npos; comma = list.find(',', comma + 1)) {
    if (!starts_entry(list.substr(comma + 1))) continue;
    entries.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  entries.emplace_back(list.substr(start));
  for (auto& entry : entries) {
    while (!entry.empty() && entry.front() == ' ') entry.erase(0, 1);
    while (!entry.empty() && entry.back() == ' ') entry.pop_back();
  }
  std::erase_if(entries, [](const std::string& entry) { return entry.empty(); });
  return entries;
}

namespace {

template <auto Member>
struct connection_string {
  static bool parse(std::string_view value, config& out) {
    if (!is_connection_string(value)) return false;
    out.*Member = value;
    return true;
  }
  static std::string show(const config& cfg) { return cfg.*Member; }
  static std::string allowed() { return "a PostgreSQL connection URI or key=value string with numeric ports"; }
};

struct replica_urls {
  static bool parse(std::string_view value, config& out) {
    auto urls = split_connection_uris(value);
    if (urls.empty() || !std::all_of(urls.begin(), urls.end(), is_connection_string)) return false;
    out.database_replica_urls = std::move(urls);
    return true;
  }
  static std::string show(const config& cfg) {
    std::string shown;
    for (const auto& url : cfg.database_replica_urls) shown += (shown.empty() ? "" : ",") + url;
    return shown;
  }
  static std::string allowed() {
    return "comma-separated PostgreSQL connection URIs (postgresql://…), each with numeric ports";
  }
};

struct networks {
  static bool parse(std::string_view value, config& out) {
    auto list = cidr_list::parse(value);
    if (list) out.trusted_proxies = std::move(*list);
    return list.has_value();
  }
  static std::string show(const config& cfg) { return cfg.trusted_proxies.to_string(); }
  static std::string allowed() {
    return "a comma-separated list of IPv4 or IPv6 networks with prefix lengths and no host bits set, "
           "e.g. 10.0.0.0/8, fd00::/8";
  }
};

constexpr std::array all_levels{log_level::debug, log_level::info, log_level::warn, log_level::error};

struct level {
  static bool parse(std::string_view value, config& out) {
    auto found =
        std::find_if(all_levels.begin(), all_levels.end(), [&](log_level l) { return log_level_name(l) == value; });
    if (found != all_levels.end()) out.log_level = *found;
    return found != all_levels.end();
  }
  static std::string show(const config& cfg) { return std::string(log_level_name(cfg.log_level)); }
  static std::string allowed() { return "one of debug, info, warn, error"; }
};

// A setting that is one of a few words, each naming an enumerator of the config member.
template <auto Member, const auto& Words>
struct choice_of {
  static bool parse(std::string_view value, config& out) {
    for (const auto& [word, choice] : Words) {
      if (word != value) continue;
      out.*Member = choice;
      return true;
    }
    return false;
  }
  static std::string show(const config& cfg) {
    for (const auto& [word, choice] : Words) {
      if (cfg.*Member == choice) return std::string(word);
    }
    return {};
  }
  static std::string allowed() {
    std::string words;
    for (const auto& [word, choice] : Words) words += (words.empty() ? "" : " or ") + std::string(word);
    return words;
  }
};

constexpr std::array<std::pair<std::string_view, log_format>, 2> log_formats{
    {{"json", log_format::json}, {"text", log_format::text}}};
constexpr std::array<std::pair<std::string_view, db_pooler_mode>, 2> poolers{
    {{"none", db_pooler_mode::none}, {"transaction", db_pooler_mode::transaction}}};
constexpr std::array<std::pair<std::string_view, shared_sync_mode>, 3> shared_sync_modes{
    {{"off", shared_sync_mode::off}, {"reads", shared_sync_mode::reads}, {"on", shared_sync_mode::on}}};
constexpr std::array<std::pair<std::string_view, password_cost>, 2> hash_costs{
    {{"interactive", password_cost::interactive}, {"minimum", password_cost::minimum}}};

template <class Field>
constexpr variable describe(std::string_view name, std::string_view meaning, unsigned flags = 0) {
  return {name, meaning, flags, &Field::parse, &Field::show, &Field::allowed};
}

using c = config;
constexpr std::array variables{
    describe<connection_string<&c::database_url>>(
        "DATABASE_URL", "PostgreSQL connection string, e.g. postgresql://folio@localhost/folio", required | secret),
    describe<connection_string<&c::database_direct_url>>(
        "DATABASE_DIRECT_URL",
        "connection string of the primary itself, for migrations, the start-up check and admin commands when "
        "DATABASE_URL goes through a pooler; if unset, DATABASE_URL",
        secret),
    describe<replica_urls>("DATABASE_REPLICA_URLS",
                           "streaming replicas that serve reads which may lag (read-your-writes by X-Folio-LSN); "
                           "if unset, every read goes to DATABASE_URL",
                           secret),
    describe<choice_of<&c::db_pooler, poolers>>(
        "DB_POOLER",
        "what DATABASE_URL leads to: the server itself (none) or a pooler in transaction mode such as PgBouncer "
        "(transaction: unnamed statements, no session settings, one statement in flight per connection)"),
    describe<choice_of<&c::db_shared_sync, shared_sync_modes>>(
        "DB_SHARED_SYNC",
        "which calls sent in the same turn of an event loop share one Sync and one commit (a failing one's "
        "neighbours are sent again): off, reads (read-only statements) or on (all); ignored with "
        "DB_POOLER=transaction"),
    describe<millis<&c::db_replica_max_lag>>("DB_REPLICA_MAX_LAG_MS",
                                             "a replica further behind the primary than this serves no reads"),
    describe<text<&c::host>>("HOST", "address to listen on"),
    describe<integer<&c::port, 1, 65535>>("PORT", "TCP port to listen on"),
    describe<integer<&c::threads, 1, 64>>("THREADS", "threads serving HTTP"),
    describe<integer<&c::max_connections, 1, 1'000'000>>("MAX_CONNECTIONS",
                                                         "most client connections open at once, in the whole process"),
    describe<integer<&c::max_in_flight, 1, 1'000'000>>(
        "MAX_IN_FLIGHT", "most requests handled at once in the whole process; more wait in a queue"),
    describe<integer<&c::max_queued, 0, 10'000'000>>(
        "MAX_QUEUED", "most requests waiting for a place in the whole process; more are answered 503 at once"),
    describe<millis<&c::queue_timeout>>("QUEUE_TIMEOUT_MS",
                                        "longest wait for a place; a request still waiting then is answered 503"),
    describe<millis<&c::header_timeout>>("HEADER_TIMEOUT_MS", "time to receive request headers"),
    describe<millis<&c::idle_timeout>>("IDLE_TIMEOUT_MS", "time a keep-alive connection may idle"),
    describe<millis<&c::request_timeout>>("REQUEST_TIMEOUT_MS", "time to handle one request"),
    describe<millis<&c::shutdown_grace>>("SHUTDOWN_GRACE_MS", "time in-flight requests get to finish at shutdown"),
    describe<integer<&c::max_header_bytes, 1024, 1'048'576>>("MAX_HEADER_BYTES",
                                                             "largest accepted request header block, in bytes"),
    describe<integer<&c::max_body_bytes, 1024, 1'073'741'824>>("MAX_BODY_BYTES",
                                                               "largest accepted request body, in bytes (413 beyond)"),
    describe<integer<&c::db_pool_size, 1, 1000>>("DB_POOL_SIZE", "PostgreSQL connections"),
    describe<integer<&c::db_max_pipeline, 1, 100'000>>("DB_MAX_PIPELINE",
                                                       "most queries in flight on one database connection"),
    describe<integer<&c::db_max_waiters, 0, 10'000'000>>(
        "DB_MAX_WAITERS", "most requests queued for a database connection, in the whole process"),
    describe<millis<&c::db_acquire_timeout>>("DB_ACQUIRE_TIMEOUT_MS", "time a request waits for the database"),
    describe<millis<&c::db_connect_timeout>>("DB_CONNECT_TIMEOUT_MS", "time to open a database connection"),
    describe<millis<&c::db_statement_timeout>>("DB_STATEMENT_TIMEOUT_MS",
                                               "PostgreSQL statement_timeout of every query"),
    describe<millis<&c::db_call_timeout>>(
        "DB_CALL_TIMEOUT_MS", "time a database connection may go without answering a call before it is declared dead"),
    describe<level>("LOG_LEVEL", "least severe messages logged (info: one access line per request)"),
    describe<choice_of<&c::log_format, log_formats>>(
        "LOG_FORMAT", "log lines as JSON objects (json) or as logfmt key=value text (text)"),
    describe<long_text<&c::cursor_secret, 32>>("CURSOR_SECRET",
                                               "key signing page cursors; if unset, a random one per start-up", secret),
    describe<integer<&c::hash_threads, 1, 64>>("HASH_THREADS", "threads hashing passwords"),
    describe<integer<&c::hash_queue, 1, 100'000>>("HASH_QUEUE", "most password hashes queued for a hash thread"),
    describe<choice_of<&c::hash_cost, hash_costs>>(
        "HASH_COST",
        "Argon2id cost of password hashes (interactive: libsodium's OPSLIMIT/"
        "MEMLIMIT_INTERACTIVE; minimum: weak, for tests only)"),
    describe<integer<&c::login_account_failures, 1, 1'000'000>>(
        "LOGIN_ACCOUNT_FAILURES", "failed password checks that lock one account for the window"),
    describe<integer<&c::login_address_failures, 1, 1'000'000>>(
        "LOGIN_ADDRESS_FAILURES", "failed password checks that lock one client address for the window"),
    describe<millis<&c::login_throttle_window>>("LOGIN_THROTTLE_WINDOW_MS",
                                                "how long failed password checks count, from the first one"),
    describe<integer<&c::register_address_limit, 1, 1'000'000>>(
        "REGISTER_ADDRESS_LIMIT", "registrations one client address may make in the window; more get 429"),
    describe<integer<&c::register_window, 1, 86'400'000>>(
        "REGISTER_WINDOW_MS", "how long registrations count against an address, from the first one"),
    describe<networks>("TRUSTED_PROXIES",
                       "reverse proxies whose Forwarded or X-Forwarded-For header names the client address; "
                       "if unset, the TCP peer is the client"),
    describe<text<&c::migrations_dir>>("MIGRATIONS_DIR",
                                       "directory of *.sql migrations; if unset, those built into the binary"),
};

std::string invalid_message(const variable& v, std::string_view value) {
  std::string message(v.name);
  if ((v.flags & secret) != 0) {
    message += " is invalid (value not shown)";
  } else {
    // Quoted and escaped as JSON so that control characters cannot forge log lines.
    message += "=" + boost::json::serialize(boost::json::string_view(value.data(), value.size()));
    message += " is invalid";
  }
  return message + ": expected " + v.allowed();
}

std::string default_text(const variable& v, const config& defaults) {
  if ((v.flags & required) != 0) return "(required)";
  auto shown = v.show(defaults);
  return shown.empty() ? "(unset)" : shown;
}

std::string pad(std::string s, std::size_t width) {
  s.resize(std::max(width, s.size()), ' ');
  return s;
}

}  // namespace

std::string_view log_level_name(log_level level) {
  switch (level) {
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
  }
  return "info";  // unreachable: the switch covers every enumerator
}

std::variant<config, config_error> load_config(const env_lookup& lookup) {
  config result;
  config_error error;
  for (const auto& v : variables) {
    auto value = lookup(v.name);
    if (!value || value->empty()) {
      if ((v.flags & required) != 0) {
        error.messages.push_back(std::string(v.name) + " is required but not set: expected " + std::string(v.meaning));
      }
      continue;
    }
    if (!v.parse(*value, result)) error.messages.push_back(invalid_message(v, *value));
  }
  // Migrations hold a session-level advisory lock, which a transaction pooler would lend to others.
  if (result.db_pooler == db_pooler_mode::transaction && result.database_direct_url.empty())
    error.messages.push_back("DB_POOLER=transaction needs DATABASE_DIRECT_URL: the primary itself, for migrations");
  if (!error.messages.empty()) return error;
  return result;
}

env_lookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string config_help() {
  const config defaults;
  std::size_t name_width = 0;
  std::size_t default_width = 0;
  for (const auto& v : variables) {
    name_width = std::max(name_width, v.name.size());
    default_width = std::max(default_width, default_text(v, defaults).size());
  }

  std::string help =
      "Environment variables (a .env file in the working directory fills in unset ones;\n"
      "an empty value counts as unset):\n";
  for (const auto& v : variables) {
    help += "  " + pad(std::string(v.name), name_width) + "  " + pad(default_text(v, defaults), default_width) + "  " +
            std::string(v.meaning);
    if (auto allowed = v.allowed(); !allowed.empty()) help += "; " + allowed;
    help += '\n';
  }
  return help;
}

}  // namespace folio::app
