#pragma once
// The statements of contents, chapters and likes. The SQL texts are public so that tests can
// EXPLAIN exactly what the server runs.
//
// Who asks is always $2 (the caller's user id, NULL when anonymous) and $3 (whether the caller is
// an admin); content_visible_to() and chapter_visible_to() (schema/migrations/0004) apply the
// visibility rule with them.
//
// Locks: every write to a chapter first locks its content's row (FOR NO KEY UPDATE), in a
// statement of its own that runs before the write in the same transaction, so that the write's
// snapshot already sees whatever the previous lock holder committed. This serialises chapter
// numbering, keeps chapter_count exact, and keeps a chapter's neighbours still while an If-Match
// is compared. Lock order is content, then chapter; the comments' statements lock only chapters,
// so no cycle can form.
#include "app/contents/rows.hpp"
#include "db/row.hpp"

namespace folio::app::contents {

// Every statement is written out whole, so that it can be copied into psql as it is. They repeat
// a few pieces: the columns of content_row, from `c` (contents, or a CTE of its rows) and `u`
// (their author); the columns of chapter_row, from `ch`; content_visible_to(c.status,
// c.author_id, $2, $3), the caller may see content `c`; chapter_visible_to(…, ch.published_at,
// $2, $3), the caller may see chapter `ch` of it; (c.author_id = $2 OR $3), the caller may change
// or delete content `c` and its chapters.

// ---- reading ---------------------------------------------------------------------------------

// Two statements, not one "id or slug": each is a plain lookup on its unique index, which is
// also the plan of its generic (prepared) form. $1 the id, or the slug; $2 the caller, $3 admin.
inline constexpr auto get_content = db::checked_statement<content_row>("contents_get", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.id = $1::bigint
  AND content_visible_to(c.status, c.author_id, $2::bigint, $3::boolean))");

inline constexpr auto get_content_by_slug = db::checked_statement<content_row>("contents_get_by_slug", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.slug = $1::text
  AND content_visible_to(c.status, c.author_id, $2::bigint, $3::boolean))");

// GET /contents: one statement per sort, and per presence of `q` so that a text search always
// reaches the GIN index on `search` (an optional `$8 IS NULL OR …` would hide it from generic
// plans). $1/$2 the keyset position: the sort value and id of the previous page's last row, or
// values past every row for the first page (a plain range keeps it an index condition).
// $3 author username, $4 tag, $5 kind, $6 status: NULL when not filtered. $7 rows. $8 q.
// `status <> 'draft'` is spelled as in the partial indexes' predicates so that they apply.

inline constexpr auto list_latest = db::checked_statement<content_row>("contents_list_latest", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.status <> 'draft'
  AND ($3::text IS NULL OR c.author_id = (SELECT a.id FROM users a WHERE a.username = $3::text))
  AND ($4::text IS NULL OR c.tags @> ARRAY[$4::text])
  AND ($5::text IS NULL OR c.kind = $5::text)
  AND ($6::text IS NULL OR c.status = $6::text)
  AND (c.published_at, c.id) < ($1::timestamptz, $2::bigint)
  ORDER BY c.published_at DESC, c.id DESC
  LIMIT $7::bigint)");

inline constexpr auto search_latest = db::checked_statement<content_row>("contents_search_latest", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.status <> 'draft'
  AND c.search @@ websearch_to_tsquery('simple', $8::text)
  AND ($3::text IS NULL OR c.author_id = (SELECT a.id FROM users a WHERE a.username = $3::text))
  AND ($4::text IS NULL OR c.tags @> ARRAY[$4::text])
  AND ($5::text IS NULL OR c.kind = $5::text)
  AND ($6::text IS NULL OR c.status = $6::text)
  AND (c.published_at, c.id) < ($1::timestamptz, $2::bigint)
  ORDER BY c.published_at DESC, c.id DESC
  LIMIT $7::bigint)");

inline constexpr auto list_updated = db::checked_statement<content_row>("contents_list_updated", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.status <> 'draft'
  AND ($3::text IS NULL OR c.author_id = (SELECT a.id FROM users a WHERE a.username = $3::text))
  AND ($4::text IS NULL OR c.tags @> ARRAY[$4::text])
  AND ($5::text IS NULL OR c.kind = $5::text)
  AND ($6::text IS NULL OR c.status = $6::text)
  AND (c.updated_at, c.id) < ($1::timestamptz, $2::bigint)
  ORDER BY c.updated_at DESC, c.id DESC
  LIMIT $7::bigint)");

inline constexpr auto search_updated = db::checked_statement<content_row>("contents_search_updated", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.status <> 'draft'
  AND c.search @@ websearch_to_tsquery('simple', $8::text)
  AND ($3::text IS NULL OR c.author_id = (SELECT a.id FROM users a WHERE a.username = $3::text))
  AND ($4::text IS NULL OR c.tags @> ARRAY[$4::text])
  AND ($5::text IS NULL OR c.kind = $5::text)
  AND ($6::text IS NULL OR c.status = $6::text)
  AND (c.updated_at, c.id) < ($1::timestamptz, $2::bigint)
  ORDER BY c.updated_at DESC, c.id DESC
  LIMIT $7::bigint)");

inline constexpr auto list_popular = db::checked_statement<content_row>("contents_list_popular", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.status <> 'draft'
  AND ($3::text IS NULL OR c.author_id = (SELECT a.id FROM users a WHERE a.username = $3::text))
  AND ($4::text IS NULL OR c.tags @> ARRAY[$4::text])
  AND ($5::text IS NULL OR c.kind = $5::text)
  AND ($6::text IS NULL OR c.status = $6::text)
  AND (c.like_count, c.id) < ($1::bigint, $2::bigint)
  ORDER BY c.like_count DESC, c.id DESC
  LIMIT $7::bigint)");

inline constexpr auto search_popular = db::checked_statement<content_row>("contents_search_popular", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.status <> 'draft'
  AND c.search @@ websearch_to_tsquery('simple', $8::text)
  AND ($3::text IS NULL OR c.author_id = (SELECT a.id FROM users a WHERE a.username = $3::text))
  AND ($4::text IS NULL OR c.tags @> ARRAY[$4::text])
  AND ($5::text IS NULL OR c.kind = $5::text)
  AND ($6::text IS NULL OR c.status = $6::text)
  AND (c.like_count, c.id) < ($1::bigint, $2::bigint)
  ORDER BY c.like_count DESC, c.id DESC
  LIMIT $7::bigint)");

// $1 username.
inline constexpr auto find_author = db::checked_statement<found_row>("contents_find_author", R"(
  SELECT id
  FROM users
  WHERE username = $1::text)");

// GET /users/{username}/contents, newest first; drafts only to the user itself. $1 username,
// $2 caller, $3/$4 the keyset position (created_at, id), $5 rows. The author's id comes from a
// subquery rather than a join so that the index (author_id, created_at DESC, id DESC) yields
// the rows already in order.
inline constexpr auto list_by_author = db::checked_statement<content_row>("contents_list_by_author", R"(
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.author_id = (SELECT a.id FROM users a WHERE a.username = $1::text)
  AND (c.status <> 'draft' OR c.author_id = $2::bigint)
  AND (c.created_at, c.id) < ($3::timestamptz, $4::bigint)
  ORDER BY c.created_at DESC, c.id DESC
  LIMIT $5::bigint)");

// $1 chapter. The neighbours are the nearest numbers on either side that the caller may see.
inline constexpr auto get_chapter = db::checked_statement<chapter_detail_row>("contents_get_chapter", R"(
  SELECT ch.id, ch.content_id, ch.number, ch.title, ch.word_count, ch.comment_count, ch.published_at,
    ch.created_at, ch.updated_at, ch.body,
    (SELECT p.id FROM chapters p WHERE p.content_id = ch.content_id AND p.number < ch.number AND chapter_visible_to(c.status, c.author_id, p.published_at, $2::bigint, $3::boolean) ORDER BY p.number DESC LIMIT 1) AS prev_id, (SELECT n.id FROM chapters n WHERE n.content_id = ch.content_id AND n.number > ch.number AND chapter_visible_to(c.status, c.author_id, n.published_at, $2::bigint, $3::boolean) ORDER BY n.number LIMIT 1) AS next_id
  FROM chapters ch
  JOIN contents c ON c.id = ch.content_id
  WHERE ch.id = $1::bigint
  AND chapter_visible_to(c.status, c.author_id, ch.published_at, $2::bigint, $3::boolean))");

// $1 content, $4 the previous page's last number (0 for the first page), $5 rows.
inline constexpr auto list_chapters = db::checked_statement<chapter_row>("contents_list_chapters", R"(
  SELECT ch.id, ch.content_id, ch.number, ch.title, ch.word_count, ch.comment_count, ch.published_at,
    ch.created_at, ch.updated_at
  FROM chapters ch
  JOIN contents c ON c.id = ch.content_id
  WHERE ch.content_id = $1::bigint
  AND ch.number > $4::bigint
  AND chapter_visible_to(c.status, c.author_id, ch.published_at, $2::bigint, $3::boolean)
  ORDER BY ch.number
  LIMIT $5::bigint)");

// ---- locks (a row only when the caller may write) --------------------------------------------

// $1 content. The author's row is share-locked too: the representation shows their name.
inline constexpr auto lock_content = db::checked_statement<found_row>("contents_lock", R"(
  SELECT c.id
  FROM contents c
  JOIN users u ON u.id = c.author_id
  WHERE c.id = $1::bigint
  AND (c.author_id = $2::bigint OR $3::boolean)
  FOR NO KEY
  UPDATE OF c FOR SHARE OF u)");

// $1 content, $2 caller: only the author adds chapters.
inline constexpr auto lock_content_for_author = db::checked_statement<found_row>("contents_lock_for_author", R"(
  SELECT c.id
  FROM contents c
  WHERE c.id = $1::bigint
  AND c.author_id = $2::bigint
  FOR NO KEY
  UPDATE)");

// $1 chapter: its content, then the chapter itself (comment_count is in its representation).
// The materialised CTE takes the content's lock before the outer query takes the chapter's.
inline constexpr auto lock_chapter = db::checked_statement<found_row>("contents_lock_chapter", R"(
  WITH parent AS MATERIALIZED (
    SELECT c.id
    FROM contents c
    WHERE c.id = (SELECT content_id FROM chapters WHERE id = $1::bigint)
    AND (c.author_id = $2::bigint OR $3::boolean) FOR NO KEY UPDATE)
  SELECT ch.id
  FROM chapters ch
  JOIN parent ON parent.id = ch.content_id
  WHERE ch.id = $1::bigint
  FOR NO KEY
  UPDATE OF ch)");

// ---- writes (each re-checks who may write: in a batch it runs even when the lock found nothing) --

// $1 author, $2 the slug, or the base to derive one from when $3, $4 title, $5 description,
// $6 kind, $7 status, $8 tags. A derived slug is the first of base, base-2, base-3… not taken.
// No row when the slug is taken by then (a racing creation): the caller probes again, or
// answers 409 for an explicit slug.
inline constexpr auto insert_content = db::checked_statement<content_row>("contents_insert", R"(
  WITH RECURSIVE probe (n, slug) AS (
    SELECT 1, $2::text
    UNION ALL
    SELECT p.n + 1, $2::text || '-' || (p.n + 1)
    FROM probe p
    WHERE $3::boolean
    AND EXISTS (SELECT FROM contents WHERE slug = p.slug)), inserted AS (
    INSERT INTO contents (author_id, slug, title, description, kind, status, tags, published_at)
    SELECT $1::bigint, (SELECT slug FROM probe ORDER BY n DESC LIMIT 1), $4::text, $5::text, $6::text,
      $7::text, $8::text[], CASE WHEN $7::text <> 'draft' THEN now() END
    ON CONFLICT ON CONSTRAINT contents_slug_key
    DO NOTHING
    RETURNING *)
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM inserted c
  JOIN users u ON u.id = c.author_id)");

// $1 content, $4 title, $5 slug, $6 description, $7 kind, $8 status, $9 tags: NULL keeps the
// value. published_at is set the first time the status leaves draft; updated_at moves only when
// a value actually changes.
inline constexpr auto update_content = db::checked_statement<content_row>("contents_update", R"(
  WITH changed AS (
    UPDATE contents c
    SET title = coalesce($4::text, c.title), slug = coalesce($5::text, c.slug),
      description = coalesce($6::text, c.description), kind = coalesce($7::text, c.kind),
      status = coalesce($8::text, c.status), tags = coalesce($9::text[], c.tags),
      published_at = coalesce(c.published_at, CASE WHEN coalesce($8::text,
      c.status) <> 'draft' THEN now() END), updated_at = CASE WHEN (c.title, c.slug, c.description, c.kind,
      c.status, c.tags) IS DISTINCT
    FROM (coalesce($4::text, c.title), coalesce($5::text, c.slug), coalesce($6::text, c.description),
      coalesce($7::text, c.kind), coalesce($8::text, c.status), coalesce($9::text[],
      c.tags)) THEN now() ELSE c.updated_at END
    WHERE c.id = $1::bigint
    AND (c.author_id = $2::bigint OR $3::boolean)
    RETURNING c.*)
  SELECT c.id, c.slug, c.title, c.description, c.kind, c.status, c.tags, c.author_id,
    u.username AS author_username, u.display_name AS author_display_name, c.chapter_count, c.like_count,
    c.follower_count, c.created_at, c.updated_at, c.published_at
  FROM changed c
  JOIN users u ON u.id = c.author_id)");

// $1 content. Chapters, their comments, likes and library entries go by foreign-key cascades.
inline constexpr auto delete_content = db::checked_statement<found_row>("contents_delete", R"(
  DELETE FROM contents c
  WHERE c.id = $1::bigint
  AND (c.author_id = $2::bigint OR $3::boolean)
  RETURNING c.id)");

// $1 content. A row when the caller may see the content. like_count moves only when a like row
// was inserted (deleted): a repeated or racing like of one user waits on the primary key, then
// does nothing, so the counter stays exact.
inline constexpr auto like_content = db::checked_statement<found_row>("contents_like", R"(
  WITH target AS (SELECT c.id FROM contents c WHERE c.id = $1::bigint AND content_visible_to(c.status,
    c.author_id, $2::bigint, $3::boolean) ), liked AS (
    INSERT INTO content_likes (user_id, content_id)
    SELECT $2::bigint, id
    FROM target
    ON CONFLICT
    DO NOTHING
    RETURNING content_id), counted AS (
    UPDATE contents c
    SET like_count = c.like_count + 1
    FROM liked
    WHERE c.id = liked.content_id)
  SELECT id
  FROM target)");

inline constexpr auto unlike_content = db::checked_statement<found_row>("contents_unlike", R"(
  WITH target AS (SELECT c.id FROM contents c WHERE c.id = $1::bigint AND content_visible_to(c.status,
    c.author_id, $2::bigint, $3::boolean) ), unliked AS (
    DELETE FROM content_likes l USING target
    WHERE l.content_id = target.id
    AND l.user_id = $2::bigint
    RETURNING l.content_id), counted AS (
    UPDATE contents c
    SET like_count = c.like_count - 1
    FROM unliked
    WHERE c.id = unliked.content_id)
  SELECT id
  FROM target)");

// The content's updated_at follows its published chapters too: a chapter published, unpublished
// or deleted while published is an update of the content ("sort=updated" surfaces it).

// $1 content, $2 caller (its author), $3 number or NULL for one past the highest, $4 title,
// $5 body, $6 word count, $7 publish.
inline constexpr auto insert_chapter = db::checked_statement<chapter_row>("contents_insert_chapter", R"(
  WITH ch AS (
    INSERT INTO chapters (content_id, number, title, body, word_count, published_at)
    SELECT c.id, coalesce($3::bigint, (SELECT max(number) + 1 FROM chapters WHERE content_id = c.id), 1),
      $4::text, $5::text, $6::bigint, CASE WHEN $7::boolean THEN now() END
    FROM contents c
    WHERE c.id = $1::bigint
    AND c.author_id = $2::bigint
    RETURNING *), counted AS (
    UPDATE contents c
    SET chapter_count = c.chapter_count + 1, updated_at = now()
    FROM ch
    WHERE c.id = ch.content_id
    AND ch.published_at IS NOT NULL)
  SELECT ch.id, ch.content_id, ch.number, ch.title, ch.word_count, ch.comment_count, ch.published_at,
    ch.created_at, ch.updated_at
  FROM ch)");

// $1 chapter, $4 title, $5 body, $6 word count, $7 number, $8 published: NULL keeps the value.
// Publishing again keeps the first published_at; unpublishing clears it.
inline constexpr auto update_chapter = db::checked_statement<chapter_row>("contents_update_chapter", R"(
  WITH old AS (
    SELECT ch.id, ch.published_at IS NOT NULL AS was_published
    FROM chapters ch
    JOIN contents c ON c.id = ch.content_id
    WHERE ch.id = $1::bigint
    AND (c.author_id = $2::bigint OR $3::boolean) ), changed AS (
    UPDATE chapters ch
    SET title = coalesce($4::text, ch.title), body = coalesce($5::text, ch.body),
      word_count = coalesce($6::bigint, ch.word_count), number = coalesce($7::bigint, ch.number),
      published_at = CASE $8::boolean WHEN true THEN coalesce(ch.published_at,
      now()) WHEN false THEN NULL ELSE ch.published_at END, updated_at = CASE WHEN (ch.title, ch.body,
      ch.number, ch.published_at IS NOT NULL) IS DISTINCT
    FROM (coalesce($4::text, ch.title), coalesce($5::text, ch.body), coalesce($7::bigint, ch.number),
      coalesce($8::boolean, ch.published_at IS NOT NULL)) THEN now() ELSE ch.updated_at END
    FROM old
    WHERE ch.id = old.id
    RETURNING ch.*, old.was_published), counted AS (
    UPDATE contents c
    SET chapter_count = c.chapter_count + CASE WHEN changed.was_published THEN -1 ELSE 1 END,
      updated_at = now()
    FROM changed
    WHERE c.id = changed.content_id
    AND (changed.published_at IS NOT NULL) <> changed.was_published)
  SELECT ch.id, ch.content_id, ch.number, ch.title, ch.word_count, ch.comment_count, ch.published_at,
    ch.created_at, ch.updated_at
  FROM changed ch)");

// $1 chapter. Its comments go by cascade; library entries pointing at it forget it (SET NULL).
inline constexpr auto delete_chapter = db::checked_statement<found_row>("contents_delete_chapter", R"(
  WITH removed AS (
    DELETE FROM chapters ch USING contents c
    WHERE ch.id = $1::bigint
    AND c.id = ch.content_id
    AND (c.author_id = $2::bigint OR $3::boolean)
    RETURNING ch.id, ch.content_id, ch.published_at), counted AS (
    UPDATE contents c
    SET chapter_count = c.chapter_count - 1, updated_at = now()
    FROM removed
    WHERE c.id = removed.content_id
    AND removed.published_at IS NOT NULL)
  SELECT id
  FROM removed)");

}  // namespace folio::app::contents
