#pragma once
// Deterministic, realistic seed data, generated in chunks of COPY text so that any size streams
// in constant memory. Every row is a pure function of (seed, table, index): the counters of a
// content (likes, followers, published chapters) are computed from the same functions that
// generate the rows they count, so they are consistent by construction.
#include <cstdint>
#include <string>

namespace folio::app::seed {

struct options {
  std::uint64_t seed = 1;
  std::int64_t users = 1000;
  std::int64_t contents = 1000;
  std::int64_t chapters_per_content = 10;
  std::int64_t comments_per_chapter = 5;
  std::int64_t likes_per_content = 20;    // on average
  std::int64_t follows_per_content = 10;  // on average
  std::int64_t min_body_bytes = 1000;
  std::int64_t max_body_bytes = 20000;
  bool append = false;
};

// The largest ids already in the database (0 for an empty one); new rows follow them.
struct id_base {
  std::int64_t user = 0, content = 0, chapter = 0, comment = 0;
};

class generator {
 public:
  generator(options opts, id_base base, std::string password_hash);

  std::int64_t total_chapters() const { return opts_.contents * opts_.chapters_per_content; }
  std::int64_t total_comments() const { return total_chapters() * opts_.comments_per_chapter; }
  const options& settings() const { return opts_; }
  // The first new user's username: "demo" in an empty database.
  std::string demo_username() const;

  // Each appends the COPY text rows for items [from, to) of its table.
  void users(std::int64_t from, std::int64_t to, std::string& out) const;
  void contents(std::int64_t from, std::int64_t to, std::string& out) const;
  void chapters(std::int64_t from, std::int64_t to, std::string& out) const;              // by chapter index
  void comments_of_chapters(std::int64_t from, std::int64_t to, std::string& out) const;  // by chapter index
  void likes(std::int64_t from, std::int64_t to, std::string& out) const;                 // by content index
  void follows(std::int64_t from, std::int64_t to, std::string& out) const;               // by content index

  // Column lists matching the rows above.
  static const char* users_copy();
  static const char* contents_copy();
  static const char* chapters_copy();
  static const char* comments_copy();
  static const char* likes_copy();
  static const char* follows_copy();

 private:
  std::int64_t like_count(std::int64_t content) const;
  std::int64_t follower_count(std::int64_t content) const;
  bool chapter_published(std::int64_t content, std::int64_t number) const;
  std::int64_t published_chapters(std::int64_t content) const;
  bool content_is_draft(std::int64_t content) const;

  options opts_;
  id_base base_;
  std::string password_hash_;
};

// COPY text format: backslash, tab, newline and carriage return escaped.
void append_copy_text(std::string& out, std::string_view text);

}  // namespace folio::app::seed
