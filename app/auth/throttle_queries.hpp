#pragma once
// The throttles' statements on throttle_windows (schema/schema.sql) and the row they answer.
//
// The window arithmetic runs in SQL on the database's clock, so every instance agrees on it
// whatever its own clock says. A window is given in milliseconds ($n::bigint). A row whose window
// has closed counts as absent: a new event resets it, and the sweep deletes it.
//
// Every statement goes to the primary: throttle_windows is UNLOGGED, and a streaming replica
// cannot read unlogged tables.
#include <boost/describe.hpp>

#include <cstdint>
#include <optional>
#include <vector>

#include "db/row.hpp"

namespace folio::app {

// Whole seconds until the key may try again, rounded up; NULL when it is not locked. A locked
// key's window is still open, so the wait is positive and the rounding gives at least 1.
struct throttle_wait {
  std::optional<std::int32_t> retry_after;
};
BOOST_DESCRIBE_STRUCT(throttle_wait, (), (retry_after))

// $1 account, $2 its limit, $3 address, $4 its limit, $5 window: the longer wait of the two keys
// that have reached their limit in an open window (both windows are the same length). Joined
// from a list of the two keys, so that each is one primary-key probe whatever the plan.
inline constexpr auto throttle_login_locked = db::checked_statement<throttle_wait>("throttle_login_locked", R"(
  SELECT ceil(extract(epoch FROM max(w.opened_at) + $5::bigint * interval '1 millisecond' - now()))::integer
      AS retry_after
  FROM (VALUES ('login_account', $1::text, $2::integer), ('login_address', $3::text, $4::integer))
    AS k (scope, key, lim)
  JOIN throttle_windows w ON w.scope = k.scope AND w.key = k.key
  WHERE w.events >= k.lim AND w.opened_at > now() - $5::bigint * interval '1 millisecond')");

// $1 account, $2 address, $3 window: one failure more for both keys. The rows are locked in the
// order of the VALUES list, the same for every caller, so that concurrent failures cannot deadlock.
inline constexpr db::statement throttle_login_failed{"throttle_login_failed", R"(
  INSERT INTO throttle_windows AS w (scope, key, opened_at, events)
  VALUES ('login_account', $1::text, now(), 1), ('login_address', $2::text, now(), 1)
  ON CONFLICT (scope, key) DO UPDATE SET
    opened_at = CASE WHEN w.opened_at <= now() - $3::bigint * interval '1 millisecond'
                THEN now() ELSE w.opened_at END,
    events = CASE WHEN w.opened_at <= now() - $3::bigint * interval '1 millisecond'
             THEN 1 ELSE w.events + 1 END)"};

// $1 account: a successful login forgets the account's failures (not the address's).
inline constexpr db::statement throttle_login_succeeded{"throttle_login_succeeded", R"(
  DELETE FROM throttle_windows WHERE scope = 'login_account' AND key = $1::text)"};

// $1 address, $2 limit, $3 window: counts one registration and answers NULL, or, when the window
// already holds `limit` of them, answers the wait. The row lock of ON CONFLICT serialises racing
// registrations of one address, so the check and the count cannot be overtaken. A refused attempt
// leaves events at limit + 1, which marks the window as used up and counts nothing more (it
// cannot grow past limit + 1); the window itself does not move.
inline constexpr auto throttle_registration_admit =
    db::checked_statement<throttle_wait>("throttle_registration_admit", R"(
  INSERT INTO throttle_windows AS w (scope, key, opened_at, events)
  VALUES ('registration', $1::text, now(), 1)
  ON CONFLICT (scope, key) DO UPDATE SET
    opened_at = CASE WHEN w.opened_at <= now() - $3::bigint * interval '1 millisecond'
                THEN now() ELSE w.opened_at END,
    events = CASE WHEN w.opened_at <= now() - $3::bigint * interval '1 millisecond'
             THEN 1 ELSE least(w.events + 1, $2::integer + 1) END
  RETURNING CASE WHEN w.events > $2::integer
            THEN ceil(extract(epoch FROM w.opened_at + $3::bigint * interval '1 millisecond' - now()))::integer
            END AS retry_after)");

// $1 scope, $2 window: deletes up to 16 rows of the scope whose window has closed, skipping rows
// another transaction holds (it never waits, so it cannot deadlock with the counting). Sent after
// every count in the count's round trip, it removes more rows than a count can add, so expired
// rows never pile up; when none has expired it costs one probe of throttle_windows_expiry_idx.
inline constexpr db::statement throttle_sweep{"throttle_sweep", R"(
  DELETE FROM throttle_windows
  WHERE (scope, key) IN (
    SELECT scope, key FROM throttle_windows
    WHERE scope = $1::text AND opened_at <= now() - $2::bigint * interval '1 millisecond'
    LIMIT 16
    FOR UPDATE SKIP LOCKED))"};

// Prepared and checked at start-up with the accounts' statements.
inline std::vector<const db::statement*> throttle_statements() {
  return {&throttle_login_locked, &throttle_login_failed, &throttle_login_succeeded, &throttle_registration_admit,
          &throttle_sweep};
}

}  // namespace folio::app
