#pragma once
// The accounts' statements and the rows they return.
#include <boost/describe.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "db/row.hpp"

namespace folio::app::accounts {

// Every statement is written out whole, so that it can be copied into psql as it is. The user
// columns they repeat are read from `users u`; content_count counts the contents that are not
// drafts, through the index on contents.author_id.

// The public form of a user (GET /users/{username}).
struct public_user {
  std::int64_t id;
  std::string username;
  std::string display_name;
  std::string bio;
  std::string role;
  db::timestamp created_at;
  std::int64_t content_count;
};
BOOST_DESCRIBE_STRUCT(public_user, (), (id, username, display_name, bio, role, created_at, content_count))

// The private form: the public one plus email, only ever shown to the user itself.
struct private_user : public_user {
  std::string email;
};
BOOST_DESCRIBE_STRUCT(private_user, (public_user), (email))

struct credentials {
  std::int64_t id;
  std::string username;
  std::string password_hash;
};
BOOST_DESCRIBE_STRUCT(credentials, (), (id, username, password_hash))

struct session_expiry {
  db::timestamp expires_at;
};
BOOST_DESCRIBE_STRUCT(session_expiry, (), (expires_at))

// Usernames arrive lowercased; email is lowercased by PostgreSQL's lower(), the same function the
// column's CHECK uses. A name or address already taken fails on its unique index, which decides
// between racing registrations.
inline constexpr auto create_user = db::checked_statement<private_user>("accounts_create_user", R"(
  INSERT INTO users AS u (username, email, password_hash, display_name)
  VALUES ($1, lower($2), $3, $4)
  RETURNING u.id, u.username, u.display_name, u.bio, u.role, u.created_at,
    (SELECT count(*) FROM contents c WHERE c.author_id = u.id AND c.status <> 'draft') AS content_count,
    u.email)");

// Sessions last 30 days. Opening one also drops the user's expired sessions, which nothing
// else would (lookups only ignore them).
inline constexpr auto open_session = db::checked_statement<session_expiry>("accounts_open_session", R"(
  WITH expired AS (
    DELETE FROM sessions
    WHERE user_id = (SELECT id FROM users WHERE username = $2) AND expires_at <= now())
  INSERT INTO sessions (token_hash, user_id, expires_at)
  SELECT $1::bytea, id, now() + interval '30 days' FROM users WHERE username = $2
  RETURNING expires_at)");

// A username never contains '@' and an email always does, so at most one row matches.
inline constexpr auto find_credentials = db::checked_statement<credentials>("accounts_find_credentials", R"(
  SELECT id, username, password_hash FROM users WHERE username = lower($1) OR email = lower($1))");

inline constexpr auto credentials_by_id = db::checked_statement<credentials>("accounts_credentials_by_id", R"(
  SELECT id, username, password_hash FROM users WHERE id = $1)");

inline constexpr auto private_user_by_id = db::checked_statement<private_user>("accounts_private_user_by_id", R"(
  SELECT u.id, u.username, u.display_name, u.bio, u.role, u.created_at,
    (SELECT count(*) FROM contents c WHERE c.author_id = u.id AND c.status <> 'draft') AS content_count,
    u.email
  FROM users u
  WHERE u.id = $1)");

inline constexpr auto public_user_by_username =
    db::checked_statement<public_user>("accounts_public_user_by_username", R"(
  SELECT u.id, u.username, u.display_name, u.bio, u.role, u.created_at,
    (SELECT count(*) FROM contents c WHERE c.author_id = u.id AND c.status <> 'draft') AS content_count
  FROM users u
  WHERE u.username = $1)");

// Expired sessions are left alone: their token is refused like an unknown one.
inline constexpr db::statement close_session{"accounts_close_session", R"(
  DELETE FROM sessions WHERE token_hash = $1::bytea AND expires_at > now())"};

// $1 user id; $2 display_name, $3 bio, $4 new password hash, each NULL to keep; $5 the stored
// hash the current password was verified against (the update misses if it changed since);
// $6 the caller's session, the only one a password change keeps.
inline constexpr auto update_profile = db::checked_statement<private_user>("accounts_update_profile", R"(
  WITH u AS (
    UPDATE users
    SET display_name = coalesce($2, display_name), bio = coalesce($3, bio),
      password_hash = coalesce($4::text, password_hash), updated_at = now()
    WHERE id = $1
    AND ($4::text IS NULL OR password_hash = $5)
    RETURNING id, username, email, display_name, bio, role, created_at), revoked AS (
    DELETE FROM sessions s USING u
    WHERE $4::text IS NOT NULL
    AND s.user_id = u.id
    AND s.token_hash <> $6::bytea)
  SELECT u.id, u.username, u.display_name, u.bio, u.role, u.created_at,
    (SELECT count(*) FROM contents c WHERE c.author_id = u.id AND c.status <> 'draft') AS content_count,
    u.email
  FROM u)");

}  // namespace folio::app::accounts
