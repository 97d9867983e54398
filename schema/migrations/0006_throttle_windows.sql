-- The counts of the login and registration throttles (app/auth/), one row per scope and key, so
-- that every folio instance on this database shares them. A row's window opened at opened_at;
-- the throttles delete expired rows as they count (the index). UNLOGGED: a throttle may forget its
-- counts on a crash, and skipping the WAL spares every failed login a commit flush. A streaming
-- replica cannot read an unlogged table: the throttles always use the primary.
CREATE UNLOGGED TABLE throttle_windows (
  scope     text NOT NULL,
  key       text NOT NULL,
  opened_at timestamptz NOT NULL,
  events    integer NOT NULL CHECK (events > 0),
  PRIMARY KEY (scope, key)
);
CREATE INDEX throttle_windows_expiry_idx ON throttle_windows (scope, opened_at);
