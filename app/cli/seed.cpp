// `folio seed`: bulk-loads deterministic sample data through libpq's COPY protocol.
#include <boost/describe.hpp>
#include <sodium.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include "app/cli/commands.hpp"
#include "app/cli/run_sync.hpp"
#include "app/runtime/database.hpp"
#include "app/seed/generator.hpp"
#include "db/row.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;

constexpr const char* demo_password = "password";

struct max_ids {
  std::int64_t users, contents, chapters, comments;
};
BOOST_DESCRIBE_STRUCT(max_ids, (), (users, contents, chapters, comments))

bool parse_count(const std::string& text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && out >= 0;
}

// Reads `--name value` pairs into the options; returns an error message or "".
std::string parse_options(const std::vector<std::string>& args, seed::options& opts) {
  const std::map<std::string, std::int64_t*> counts{{"--users", &opts.users},
                                                    {"--contents", &opts.contents},
                                                    {"--chapters", &opts.chapters_per_content},
                                                    {"--comments", &opts.comments_per_chapter},
                                                    {"--likes", &opts.likes_per_content},
                                                    {"--follows", &opts.follows_per_content},
                                                    {"--min-body", &opts.min_body_bytes},
                                                    {"--max-body", &opts.max_body_bytes}};
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--append") {
      opts.append = true;
      continue;
    }
    if (i + 1 == args.size()) return args[i] + " needs a value";
    std::int64_t value = 0;
    if (!parse_count(args[i + 1], value)) return args[i] + " needs a non-negative integer";
    if (args[i] == "--seed") {
      opts.seed = static_cast<std::uint64_t>(value);
    } else if (auto found = counts.find(args[i]); found != counts.end()) {
      *found->second = value;
    } else {
      return "unknown option " + args[i];
    }
    ++i;
  }
  if (opts.users < 1) return "--users must be at least 1";
  if (opts.min_body_bytes < 1 || opts.max_body_bytes < opts.min_body_bytes)
    return "--min-body/--max-body are out of order";
  return "";
}

class progress {
 public:
  explicit progress(std::string_view table, std::int64_t total)
      : table_(table), total_(total), visible_(::isatty(STDERR_FILENO)) {}
  void advance(std::int64_t done) {
    if (!visible_ || total_ == 0) return;
    const int percent = static_cast<int>(done * 100 / total_);
    const int filled = percent / 4;
    std::fprintf(stderr, "\r%-14s [%.*s%*s] %3d%%", table_.data(), filled, "#########################", 25 - filled, "",
                 percent);
    if (done == total_) std::fputc('\n', stderr);
  }

 private:
  std::string_view table_;
  std::int64_t total_;
  bool visible_;
};

using chunk_writer = void (seed::generator::*)(std::int64_t, std::int64_t, std::string&) const;

asio::awaitable<void> copy_table(db::connection& conn, const seed::generator& gen, const char* name,
                                 const char* copy_sql, chunk_writer write, std::int64_t items, std::int64_t per_chunk) {
  co_await conn.copy_start(copy_sql);
  progress bar(name, items);
  std::string chunk;
  for (std::int64_t from = 0; from < items; from += per_chunk) {
    const auto to = std::min(items, from + per_chunk);
    chunk.clear();
    (gen.*write)(from, to, chunk);
    co_await conn.copy_data(chunk);
    bar.advance(to);
  }
  co_await conn.copy_end();
}

asio::awaitable<int> seed_with(const config& cfg, seed::options opts) {
  auto conn = co_await open_admin_connection(cfg);
  co_await db::apply_migrations(*conn, configured_migrations(cfg));
  const auto ids =
      db::one<max_ids>(co_await conn->execute_sql("SELECT (SELECT coalesce(max(id), 0) FROM users) AS users, (SELECT "
                                                  "coalesce(max(id), 0) FROM contents) AS contents,"
                                                  " (SELECT coalesce(max(id), 0) FROM chapters) AS chapters, (SELECT "
                                                  "coalesce(max(id), 0) FROM comments) AS comments"));
  if (ids.users > 0 && !opts.append) {
    std::cerr << "folio seed: the database is not empty; pass --append to add to it\n";
    co_return 1;
  }
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, demo_password, std::strlen(demo_password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory hashing the demo password");
  const seed::generator gen(opts, {ids.users, ids.contents, ids.chapters, ids.comments}, hash);

  const auto started = std::chrono::steady_clock::now();
  // One transaction: a failed or interrupted seed leaves nothing behind.
  co_await conn->execute_script("BEGIN");
  co_await copy_table(*conn, gen, "users", gen.users_copy(), &seed::generator::users, opts.users, 2000);
  co_await copy_table(*conn, gen, "contents", gen.contents_copy(), &seed::generator::contents, opts.contents, 1000);
  co_await copy_table(*conn, gen, "chapters", gen.chapters_copy(), &seed::generator::chapters, gen.total_chapters(),
                      64);
  co_await copy_table(*conn, gen, "comments", gen.comments_copy(), &seed::generator::comments_of_chapters,
                      gen.total_chapters(), 256);
  co_await copy_table(*conn, gen, "likes", gen.likes_copy(), &seed::generator::likes, opts.contents, 1000);
  co_await copy_table(*conn, gen, "library", gen.follows_copy(), &seed::generator::follows, opts.contents, 1000);
  for (const char* table : {"users", "contents", "chapters", "comments"}) {
    co_await conn->execute_script(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                                  "', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM " + table + "), false)");
  }
  co_await conn->execute_script("COMMIT");
  co_await conn->execute_script("ANALYZE");
  conn->close("seeded");

  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "seeded " << opts.users << " users, " << opts.contents << " contents, " << gen.total_chapters()
            << " chapters, " << gen.total_comments() << " comments in " << seconds << " s\n"
            << "demo login: " << gen.demo_username() << " / " << demo_password << "\n";
  co_return 0;
}

}  // namespace

int seed_database(const config& cfg, const std::vector<std::string>& args) {
  seed::options opts;
  if (auto problem = parse_options(args, opts); !problem.empty()) {
    std::cerr << "folio seed: " << problem << "\n";
    return 2;
  }
  try {
    return run_sync<int>([&](asio::any_io_executor) { return seed_with(cfg, opts); });
  } catch (const std::exception& e) {
    std::cerr << "folio seed: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace folio::app
