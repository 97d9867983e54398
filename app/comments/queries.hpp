#pragma once
// The comments' statements and the rows they return.
//
// Parameters that say who asks are always $2 (the caller's user id, NULL when anonymous) and
// $3 (whether the caller is an admin); chapter_visible_to() (schema/migrations/0004) applies the
// visibility rule with them.
//
// Counters: chapters.comment_count counts the chapter's comments that are not deleted, at every
// depth; comments.reply_count counts a comment's direct replies, deleted ones included, so that
// it always equals the number of items GET /comments/{id}/replies walks through. Both change in
// the statement that inserts or deletes, under the chapter's row lock, so they stay exact however
// many requests race.
//
// Lock order: every statement that writes comments locks the chapter row first (FOR NO KEY
// UPDATE), then comment rows. Posting a reply and deleting its parent at the same moment
// therefore queue instead of deadlocking.
#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "db/row.hpp"

namespace folio::app::comments {

// Every statement is written out whole, so that it can be copied into psql as it is. They repeat
// the columns of comment_row, read from `c` (comments) joined with `u` (its author), and the
// check that the comment's chapter (`ch`, of content `co`) is visible to the caller ($2, $3).

// A comment with its author, flat as the row reader needs it (see representation.hpp for the JSON form).
struct comment_row {
  std::int64_t id;
  std::int64_t chapter_id;
  std::optional<std::int64_t> parent_id;
  std::int64_t author_id;
  std::string author_username;
  std::string author_display_name;
  std::optional<std::string> body;
  bool deleted;
  std::int64_t reply_count;
  db::timestamp created_at;
  db::timestamp updated_at;
};
BOOST_DESCRIBE_STRUCT(comment_row, (),
                      (id, chapter_id, parent_id, author_id, author_username, author_display_name, body, deleted,
                       reply_count, created_at, updated_at))

struct visible_chapter {
  std::int64_t id;
};
BOOST_DESCRIBE_STRUCT(visible_chapter, (), (id))

// What DELETE found: no row when the caller cannot see the comment.
struct delete_verdict {
  bool allowed;
};
BOOST_DESCRIBE_STRUCT(delete_verdict, (), (allowed))

// What PATCH found: no row when the caller cannot see the comment; `edited` is false for a
// comment that is deleted (or was deleted while the edit waited for its row).
struct edit_verdict {
  bool is_author;
  bool edited;
};
BOOST_DESCRIBE_STRUCT(edit_verdict, (), (is_author, edited))

// $1 chapter.
inline constexpr auto chapter_if_visible = db::checked_statement<visible_chapter>("comments_chapter_if_visible", R"(
  SELECT ch.id
  FROM chapters ch
  JOIN contents co ON co.id = ch.content_id
  WHERE ch.id = $1::bigint
  AND chapter_visible_to(co.status, co.author_id, ch.published_at, $2::bigint, $3::boolean))");

// $1 comment.
inline constexpr auto comment_if_visible = db::checked_statement<comment_row>("comments_comment_if_visible", R"(
  SELECT c.id, c.chapter_id, c.parent_id, u.id AS author_id, u.username AS author_username,
    u.display_name AS author_display_name, c.body, c.deleted_at IS NOT NULL AS deleted, c.reply_count,
    c.created_at, c.updated_at
  FROM comments c
  JOIN users u ON u.id = c.user_id
  JOIN chapters ch ON ch.id = c.chapter_id
  JOIN contents co ON co.id = ch.content_id
  WHERE c.id = $1::bigint
  AND chapter_visible_to(co.status, co.author_id, ch.published_at, $2::bigint, $3::boolean))");

// Pages, keyed by id (which grows with creation time): $1 chapter or parent, $2 the last id of
// the previous page (NULL for the first page), $3 how many rows. The sentinels keep the
// condition a plain range on the index (chapter_id, id) or (parent_id, id).
inline constexpr auto top_level_oldest = db::checked_statement<comment_row>("comments_top_level_oldest", R"(
  SELECT c.id, c.chapter_id, c.parent_id, u.id AS author_id, u.username AS author_username,
    u.display_name AS author_display_name, c.body, c.deleted_at IS NOT NULL AS deleted, c.reply_count,
    c.created_at, c.updated_at
  FROM comments c
  JOIN users u ON u.id = c.user_id
  WHERE c.chapter_id = $1::bigint
  AND c.parent_id IS NULL
  AND c.id > coalesce($2::bigint, 0)
  ORDER BY c.id
  LIMIT $3::bigint)");

inline constexpr auto top_level_newest = db::checked_statement<comment_row>("comments_top_level_newest", R"(
  SELECT c.id, c.chapter_id, c.parent_id, u.id AS author_id, u.username AS author_username,
    u.display_name AS author_display_name, c.body, c.deleted_at IS NOT NULL AS deleted, c.reply_count,
    c.created_at, c.updated_at
  FROM comments c
  JOIN users u ON u.id = c.user_id
  WHERE c.chapter_id = $1::bigint
  AND c.parent_id IS NULL
  AND c.id < coalesce($2::bigint, 9223372036854775807)
  ORDER BY c.id DESC
  LIMIT $3::bigint)");

inline constexpr auto replies = db::checked_statement<comment_row>("comments_replies", R"(
  SELECT c.id, c.chapter_id, c.parent_id, u.id AS author_id, u.username AS author_username,
    u.display_name AS author_display_name, c.body, c.deleted_at IS NOT NULL AS deleted, c.reply_count,
    c.created_at, c.updated_at
  FROM comments c
  JOIN users u ON u.id = c.user_id
  WHERE c.parent_id = $1::bigint
  AND c.id > coalesce($2::bigint, 0)
  ORDER BY c.id
  LIMIT $3::bigint)");

// $1 chapter, $2/$3 the caller, $4 parent (NULL for a top-level comment), $5 body. No row when the
// chapter is invisible or the parent is not a comment of the same chapter.
inline constexpr auto insert_comment = db::checked_statement<comment_row>("comments_insert", R"(
  WITH chapter AS (
    SELECT ch.id
    FROM chapters ch
    JOIN contents co ON co.id = ch.content_id
    WHERE ch.id = $1::bigint
    AND chapter_visible_to(co.status, co.author_id, ch.published_at, $2::bigint, $3::boolean)
    FOR NO KEY
    UPDATE OF ch), inserted AS (
    INSERT INTO comments (chapter_id, user_id, parent_id, body)
    SELECT chapter.id, $2::bigint, $4::bigint, $5::text
    FROM chapter
    WHERE $4::bigint IS NULL OR EXISTS (SELECT FROM comments p WHERE p.id = $4::bigint AND p.chapter_id = chapter.id)
    RETURNING *), chapter_counted AS (
    UPDATE chapters
    SET comment_count = comment_count + 1
    FROM inserted
    WHERE chapters.id = inserted.chapter_id), parent_counted AS (
    UPDATE comments
    SET reply_count = comments.reply_count + 1
    FROM inserted
    WHERE comments.id = inserted.parent_id)
  SELECT c.id, c.chapter_id, c.parent_id, u.id AS author_id, u.username AS author_username,
    u.display_name AS author_display_name, c.body, c.deleted_at IS NOT NULL AS deleted, c.reply_count,
    c.created_at, c.updated_at
  FROM inserted c
  JOIN users u ON u.id = c.user_id)");

// $1 comment, $2/$3 the caller. Soft delete: the row stays (its replies hang on it), the body goes.
// Deleting a deleted comment changes nothing, so comment_count drops exactly once: of two racing
// deletes the second waits for the first's row lock, then no longer matches deleted_at IS NULL.
inline constexpr auto delete_comment = db::checked_statement<delete_verdict>("comments_delete", R"(
  WITH target AS (
    SELECT c.id, c.user_id = $2::bigint OR co.author_id = $2::bigint OR $3::boolean AS allowed
    FROM comments c
    JOIN chapters ch ON ch.id = c.chapter_id
    JOIN contents co ON co.id = ch.content_id
    WHERE c.id = $1::bigint
    AND chapter_visible_to(co.status, co.author_id, ch.published_at, $2::bigint, $3::boolean)
    FOR NO KEY
    UPDATE OF ch), deleted AS (
    UPDATE comments c
    SET body = NULL, deleted_at = now(), updated_at = now()
    FROM target
    WHERE c.id = target.id
    AND target.allowed
    AND c.deleted_at IS NULL
    RETURNING c.chapter_id), counted AS (
    UPDATE chapters
    SET comment_count = comment_count - 1
    FROM deleted
    WHERE chapters.id = deleted.chapter_id)
  SELECT allowed
  FROM target)");

// $1 comment, $2/$3 the caller, $4 the new body. Only the comment's author may edit, and only
// while the comment is not deleted.
inline constexpr auto edit_comment = db::checked_statement<edit_verdict>("comments_edit", R"(
  WITH target AS (
    SELECT c.id, c.user_id = $2::bigint AS is_author
    FROM comments c
    JOIN chapters ch ON ch.id = c.chapter_id
    JOIN contents co ON co.id = ch.content_id
    WHERE c.id = $1::bigint
    AND chapter_visible_to(co.status, co.author_id, ch.published_at, $2::bigint, $3::boolean) ), edited AS (
    UPDATE comments c
    SET body = $4::text, updated_at = now()
    FROM target
    WHERE c.id = target.id
    AND target.is_author
    AND c.deleted_at IS NULL
    RETURNING c.id)
  SELECT is_author, EXISTS (SELECT FROM edited) AS edited
  FROM target)");

}  // namespace folio::app::comments
