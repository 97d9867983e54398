#include "app/seed/generator.hpp"

#include <array>
#include <ctime>
#include <string_view>
#include <vector>

#include "app/web/text.hpp"

namespace folio::app::seed {
namespace {

constexpr std::array<std::string_view, 96> words{
    "the",     "of",      "and",     "a",       "to",      "in",      "was",       "he",         "she",      "it",
    "that",    "with",    "for",     "as",      "had",     "on",      "her",       "his",        "at",       "by",
    "from",    "they",    "we",      "but",     "not",     "what",    "all",       "were",       "when",     "there",
    "one",     "river",   "stone",   "light",   "shadow",  "road",    "city",      "winter",     "summer",   "fire",
    "storm",   "silver",  "iron",    "garden",  "tower",   "letter",  "secret",    "promise",    "dream",    "voice",
    "window",  "forest",  "harbor",  "bridge",  "morning", "evening", "quiet",     "ancient",    "bright",   "broken",
    "distant", "hidden",  "golden",  "last",    "first",   "walked",  "whispered", "remembered", "waited",   "followed",
    "turned",  "opened",  "crossed", "carried", "found",   "lost",    "returned",  "smiled",     "listened", "watched",
    "began",   "ended",   "slowly",  "again",   "never",   "always",  "together",  "alone",      "beyond",   "beneath",
    "across",  "through", "toward",  "against"};
constexpr std::array<std::string_view, 16> first_names{"Mira", "Ren",  "Ada",  "Kai", "Noor", "Ilya", "Sana", "Theo",
                                                       "Lena", "Omar", "Yuki", "Bea", "Jon",  "Esme", "Ravi", "Ines"};
constexpr std::array<std::string_view, 12> last_names{"Vale", "Stone", "Marsh", "Quill", "Hart", "Frost",
                                                      "Reed", "Lark",  "Moss",  "Wren",  "Ash",  "Penn"};
constexpr std::array<std::string_view, 16> tag_pool{
    "fantasy",   "romance", "mystery",  "sci-fi",  "slow-burn", "horror", "comedy",        "drama",
    "adventure", "history", "tutorial", "cooking", "poetry",    "action", "slice-of-life", "thriller"};
constexpr std::array<std::string_view, 4> kinds{"novel", "comic", "course", "article"};
constexpr std::int64_t epoch = 1735689600;  // 2025-01-01T00:00:00Z: seed timestamps follow it

// splitmix64: a stateless mix, so that every row draws from its own reproducible stream.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class stream {
 public:
  stream(std::uint64_t seed, std::uint64_t table, std::int64_t index)
      : state_(mix(seed ^ mix(table ^ mix(static_cast<std::uint64_t>(index))))) {}
  std::uint64_t next() { return state_ = mix(state_); }
  std::int64_t below(std::int64_t bound) { return bound <= 0 ? 0 : static_cast<std::int64_t>(next() % bound); }
  bool chance(int percent) { return below(100) < percent; }
  template <std::size_t N>
  std::string_view pick(const std::array<std::string_view, N>& from) {
    return from[below(N)];
  }

 private:
  std::uint64_t state_;
};

enum table_tag : std::uint64_t { t_user = 1, t_content, t_chapter, t_comment, t_like, t_follow, t_status, t_published };

void field(std::string& out, std::string_view text) {
  append_copy_text(out, text);
  out += '\t';
}
void field(std::string& out, std::int64_t number) {
  out += std::to_string(number);
  out += '\t';
}
void null_field(std::string& out) { out += "\\N\t"; }
void end_row(std::string& out) { out.back() = '\n'; }

std::string timestamp_text(std::int64_t unix_seconds) {
  std::time_t t = unix_seconds;
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S+00", &utc);
  return text;
}

std::string sentence(stream& s, std::int64_t min_words, std::int64_t max_words) {
  std::string text;
  const auto count = min_words + s.below(max_words - min_words + 1);
  for (std::int64_t i = 0; i < count; ++i) {
    if (i) text += ' ';
    text += s.pick(words);
  }
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string title_case(stream& s, std::int64_t count) {
  std::string text;
  for (std::int64_t i = 0; i < count; ++i) {
    std::string word(s.pick(words));
    word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    if (i) text += ' ';
    text += word;
  }
  return text;
}

// Paragraphs of words until the body reaches its drawn length.
std::string body_text(stream& s, std::int64_t min_bytes, std::int64_t max_bytes) {
  const auto target = min_bytes + s.below(max_bytes - min_bytes + 1);
  std::string body;
  body.reserve(static_cast<std::size_t>(target) + 64);
  while (static_cast<std::int64_t>(body.size()) < target) {
    if (!body.empty()) body += "\n\n";
    body += sentence(s, 8, 40) + ".";
  }
  return body;
}

}  // namespace

void append_copy_text(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

generator::generator(options opts, id_base base, std::string password_hash)
    : opts_(opts), base_(base), password_hash_(std::move(password_hash)) {}

std::string generator::demo_username() const {
  return base_.user == 0 ? "demo" : "user" + std::to_string(base_.user + 1);
}

bool generator::content_is_draft(std::int64_t content) const {
  return stream(opts_.seed, t_status, content).chance(10);
}

std::int64_t generator::like_count(std::int64_t content) const {
  if (content_is_draft(content)) return 0;
  return std::min(opts_.users, stream(opts_.seed, t_like, content).below(2 * opts_.likes_per_content + 1));
}

std::int64_t generator::follower_count(std::int64_t content) const {
  if (content_is_draft(content)) return 0;
  return std::min(opts_.users, stream(opts_.seed, t_follow, content).below(2 * opts_.follows_per_content + 1));
}

bool generator::chapter_published(std::int64_t content, std::int64_t number) const {
  return stream(opts_.seed, t_published, content * opts_.chapters_per_content + number).chance(90);
}

std::int64_t generator::published_chapters(std::int64_t content) const {
  std::int64_t published = 0;
  for (std::int64_t n = 0; n < opts_.chapters_per_content; ++n) published += chapter_published(content, n);
  return published;
}

const char* generator::users_copy() {
  return "COPY users (id, username, email, password_hash, display_name, bio, role, created_at, updated_at) FROM STDIN";
}

void generator::users(std::int64_t from, std::int64_t to, std::string& out) const {
  for (auto i = from; i < to; ++i) {
    stream s(opts_.seed, t_user, i);
    const auto id = base_.user + i + 1;
    const auto username = i == 0 ? demo_username() : "user" + std::to_string(id);
    const auto created = timestamp_text(epoch + s.below(86400 * 300));
    field(out, id);
    field(out, username);
    field(out, username + "@example.com");
    field(out, password_hash_);
    field(out, std::string(s.pick(first_names)) + " " + std::string(s.pick(last_names)));
    field(out, sentence(s, 0, 20));
    field(out, "reader");
    field(out, created);
    field(out, created);
    end_row(out);
  }
}

const char* generator::contents_copy() {
  return "COPY contents (id, author_id, slug, title, description, kind, status, tags, chapter_count, like_count, "
         "follower_count, created_at, updated_at, published_at) FROM STDIN";
}

void generator::contents(std::int64_t from, std::int64_t to, std::string& out) const {
  for (auto c = from; c < to; ++c) {
    stream s(opts_.seed, t_content, c);
    const auto id = base_.content + c + 1;
    const auto title = title_case(s, 2 + s.below(4));
    const auto created = epoch + s.below(86400 * 300);
    const bool draft = content_is_draft(c);
    std::string tags = "{";
    for (std::int64_t t = s.below(4); t > 0; --t) {
      auto tag = s.pick(tag_pool);
      if (tags.find(tag) != std::string::npos) continue;
      if (tags.size() > 1) tags += ',';
      tags += tag;
    }
    tags += '}';
    field(out, id);
    field(out, base_.user + 1 + s.below(opts_.users));
    field(out, slugify(title) + "-" + std::to_string(id));
    field(out, title);
    field(out, sentence(s, 10, 60));
    field(out, s.pick(kinds));
    field(out, draft ? "draft" : s.chance(70) ? "ongoing" : s.chance(80) ? "completed" : "hiatus");
    field(out, tags);
    field(out, published_chapters(c));
    field(out, like_count(c));
    field(out, follower_count(c));
    field(out, timestamp_text(created));
    field(out, timestamp_text(created + s.below(86400 * 30)));
    if (draft)
      null_field(out);
    else
      field(out, timestamp_text(created + 60));
    end_row(out);
  }
}

const char* generator::chapters_copy() {
  return "COPY chapters (id, content_id, number, title, body, word_count, comment_count, published_at, created_at, "
         "updated_at) FROM STDIN";
}

void generator::chapters(std::int64_t from, std::int64_t to, std::string& out) const {
  for (auto k = from; k < to; ++k) {
    stream s(opts_.seed, t_chapter, k);
    const auto content = k / opts_.chapters_per_content;
    const auto number = k % opts_.chapters_per_content;
    const auto body = body_text(s, opts_.min_body_bytes, opts_.max_body_bytes);
    const auto created = epoch + 86400 * 300 + k;
    field(out, base_.chapter + k + 1);
    field(out, base_.content + content + 1);
    field(out, number + 1);
    field(out, "Chapter " + std::to_string(number + 1) + ": " + title_case(s, 1 + s.below(4)));
    field(out, body);
    field(out, static_cast<std::int64_t>(count_words(body)));
    field(out, opts_.comments_per_chapter);
    if (chapter_published(content, number))
      field(out, timestamp_text(created));
    else
      null_field(out);
    field(out, timestamp_text(created));
    field(out, timestamp_text(created));
    end_row(out);
  }
}

const char* generator::comments_copy() {
  return "COPY comments (id, chapter_id, user_id, parent_id, body, reply_count, created_at, updated_at) FROM STDIN";
}

void generator::comments_of_chapters(std::int64_t from, std::int64_t to, std::string& out) const {
  const auto per_chapter = opts_.comments_per_chapter;
  std::vector<std::int64_t> parents(static_cast<std::size_t>(per_chapter));
  std::vector<std::int64_t> replies(static_cast<std::size_t>(per_chapter));
  for (auto k = from; k < to; ++k) {
    stream s(opts_.seed, t_comment, k);
    // About a third of the comments answer an earlier one of the same chapter.
    std::fill(replies.begin(), replies.end(), 0);
    for (std::int64_t j = 0; j < per_chapter; ++j) {
      parents[j] = j > 0 && s.chance(30) ? s.below(j) : -1;
      if (parents[j] >= 0) ++replies[parents[j]];
    }
    const auto first_id = base_.comment + k * per_chapter + 1;
    for (std::int64_t j = 0; j < per_chapter; ++j) {
      const auto created = timestamp_text(epoch + 86400 * 310 + k * 60 + j);
      field(out, first_id + j);
      field(out, base_.chapter + k + 1);
      field(out, base_.user + 1 + s.below(opts_.users));
      if (parents[j] >= 0)
        field(out, first_id + parents[j]);
      else
        null_field(out);
      field(out, sentence(s, 3, 40) + ".");
      field(out, replies[j]);
      field(out, created);
      field(out, created);
      end_row(out);
    }
  }
}

const char* generator::likes_copy() { return "COPY content_likes (user_id, content_id) FROM STDIN"; }

void generator::likes(std::int64_t from, std::int64_t to, std::string& out) const {
  for (auto c = from; c < to; ++c) {
    // Consecutive users from a drawn start: distinct as long as the count stays within `users`.
    const auto start = stream(opts_.seed, t_like + 100, c).below(opts_.users);
    for (std::int64_t i = 0, n = like_count(c); i < n; ++i) {
      field(out, base_.user + 1 + (start + i) % opts_.users);
      field(out, base_.content + c + 1);
      end_row(out);
    }
  }
}

const char* generator::follows_copy() { return "COPY library (user_id, content_id, last_read_chapter_id) FROM STDIN"; }

void generator::follows(std::int64_t from, std::int64_t to, std::string& out) const {
  for (auto c = from; c < to; ++c) {
    stream s(opts_.seed, t_follow + 100, c);
    const auto start = s.below(opts_.users);
    for (std::int64_t i = 0, n = follower_count(c); i < n; ++i) {
      field(out, base_.user + 1 + (start + i) % opts_.users);
      field(out, base_.content + c + 1);
      if (opts_.chapters_per_content > 0 && s.chance(60))
        field(out, base_.chapter + c * opts_.chapters_per_content + s.below(opts_.chapters_per_content) + 1);
      else
        null_field(out);
      end_row(out);
    }
  }
}

}  // namespace folio::app::seed
