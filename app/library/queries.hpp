#pragma once
// The library's statements and the rows they return.
//
// Parameters: $1 the content, $2 the caller's user id, $3 whether the caller is an admin;
// content_visible_to() and chapter_visible_to() (schema/migrations/0004) apply the visibility
// rule with them.
//
// follower_count moves in the statement that adds or removes the library row, and only when a
// row was really added or removed: the primary key (user_id, content_id) decides between racing
// requests, so the counter stays exact and following twice counts once.
#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/contents/rows.hpp"
#include "db/row.hpp"

namespace folio::app::library {

// A followed content with the reader's progress: the content's row, then the entry's own
// columns (see representation.hpp for the JSON form). entry_updated_at keeps PostgreSQL's microseconds,
// which the page cursor needs and the millisecond JSON form drops.
struct entry_row : contents::content_row {
  std::optional<std::int64_t> last_read_chapter_id;
  db::timestamp entry_updated_at;
};
BOOST_DESCRIBE_STRUCT(entry_row, (contents::content_row), (last_read_chapter_id, entry_updated_at))

struct followed_content {
  std::int64_t id;
};
BOOST_DESCRIBE_STRUCT(followed_content, (), (id))

// What PUT /me/progress found: no row when the caller cannot see the content.
struct progress_verdict {
  bool chapter_found;    // the chapter belongs to the content
  bool chapter_visible;  // … and the caller may see it: progress was saved
};
BOOST_DESCRIBE_STRUCT(progress_verdict, (), (chapter_found, chapter_visible))

// No row when the content is not there for the caller. Following again changes nothing, not
// even the entry's updated_at.
inline constexpr auto follow = db::checked_statement<followed_content>("library_follow", R"(
  WITH target AS (
    SELECT id FROM contents
    WHERE id = $1::bigint AND content_visible_to(status, author_id, $2::bigint, $3::boolean)),
  followed AS (
    INSERT INTO library (user_id, content_id) SELECT $2::bigint, id FROM target
    ON CONFLICT (user_id, content_id) DO NOTHING
    RETURNING content_id),
  counted AS (
    UPDATE contents SET follower_count = follower_count + 1 FROM followed WHERE contents.id = followed.content_id)
  SELECT id FROM target)");

// $1 the content, $2 the caller. Whether or not the content exists or is visible: unfollowing
// only ever removes the caller's own row.
inline constexpr db::statement unfollow{"library_unfollow", R"(
  WITH unfollowed AS (
    DELETE FROM library WHERE user_id = $2::bigint AND content_id = $1::bigint RETURNING content_id)
  UPDATE contents SET follower_count = follower_count - 1 FROM unfollowed WHERE contents.id = unfollowed.content_id)"};

// $1 the caller, $2 admin; $3 updated_at in microseconds since the epoch and $4 content id of the previous page's last
// entry (both NULL for the first page); $5 how many rows. Most recently updated first, through the index (user_id,
// updated_at DESC, content_id DESC). Contents the caller can no longer see (put back to draft) are skipped, not
// removed.
inline constexpr auto entries = db::checked_statement<entry_row>("library_entries", R"(
  SELECT co.id, co.slug, co.title, co.description, co.kind, co.status, co.tags,
         u.id AS author_id, u.username AS author_username, u.display_name AS author_display_name,
         co.chapter_count, co.like_count, co.follower_count, co.created_at, co.updated_at,
         co.published_at, l.last_read_chapter_id, l.updated_at AS entry_updated_at
  FROM library l JOIN contents co ON co.id = l.content_id JOIN users u ON u.id = co.author_id
  WHERE l.user_id = $1::bigint AND content_visible_to(co.status, co.author_id, $1::bigint, $2::boolean)
    AND (l.updated_at, l.content_id) < (coalesce(to_timestamp(0) + $3::bigint * interval '1 microsecond', 'infinity'),
                                         coalesce($4::bigint, 0))
  ORDER BY l.updated_at DESC, l.content_id DESC
  LIMIT $5::bigint)");

// $4 the chapter read last. Saves it when it is a chapter of the content that the caller may see,
// following the content first if needed. `xmax = 0` holds only for a row version this statement
// inserted (ON CONFLICT DO UPDATE leaves its row lock in xmax), so a first follow by progress
// bumps follower_count exactly once, even when racing an explicit follow.
inline constexpr auto save_progress = db::checked_statement<progress_verdict>("library_save_progress", R"(
  WITH target AS (
    SELECT co.id AS content_id, ch.id AS chapter_id,
           ch.id IS NOT NULL AND chapter_visible_to(co.status, co.author_id, ch.published_at, $2::bigint, $3::boolean)
             AS chapter_visible
    FROM contents co LEFT JOIN chapters ch ON ch.id = $4::bigint AND ch.content_id = co.id
    WHERE co.id = $1::bigint AND content_visible_to(co.status, co.author_id, $2::bigint, $3::boolean)),
  saved AS (
    INSERT INTO library AS l (user_id, content_id, last_read_chapter_id)
    SELECT $2::bigint, content_id, chapter_id FROM target WHERE chapter_visible
    ON CONFLICT (user_id, content_id)
      DO UPDATE SET last_read_chapter_id = excluded.last_read_chapter_id, updated_at = now()
    RETURNING l.content_id, l.xmax = 0 AS inserted),
  counted AS (
    UPDATE contents SET follower_count = follower_count + 1 FROM saved
    WHERE contents.id = saved.content_id AND saved.inserted)
  SELECT chapter_id IS NOT NULL AS chapter_found, chapter_visible FROM target)");

}  // namespace folio::app::library
