-- folio's data model: every table of the API contract, its constraints, and an index behind
-- every foreign key and every list ordering, so that no request scans a table.
-- Constraint names matter: the API maps unique violations to the field they name.

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL CONSTRAINT users_username_key UNIQUE
                CHECK (username ~ '^[a-z0-9_]{3,32}$'),
  email         text NOT NULL CONSTRAINT users_email_key UNIQUE CHECK (email = lower(email)),
  password_hash text NOT NULL,
  display_name  text NOT NULL,
  bio           text NOT NULL DEFAULT '',
  role          text NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Only a hash of each bearer token is stored; the token itself is shown once.
CREATE TABLE sessions (
  token_hash bytea PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE contents (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  slug           text NOT NULL CONSTRAINT contents_slug_key UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,80}$'),
  title          text NOT NULL,
  description    text NOT NULL DEFAULT '',
  kind           text NOT NULL DEFAULT 'novel' CHECK (kind IN ('novel', 'comic', 'course', 'article')),
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ongoing', 'completed', 'hiatus')),
  tags           text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 10),
  chapter_count  bigint NOT NULL DEFAULT 0 CHECK (chapter_count >= 0),
  like_count     bigint NOT NULL DEFAULT 0 CHECK (like_count >= 0),
  follower_count bigint NOT NULL DEFAULT 0 CHECK (follower_count >= 0),
  search         tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description)) STORED,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  published_at   timestamptz
);
-- /users/{username}/contents (newest first) and the author foreign key.
CREATE INDEX contents_author_created_idx ON contents (author_id, created_at DESC, id DESC);
-- The three sorts of GET /contents; drafts are never listed.
CREATE INDEX contents_latest_idx ON contents (published_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX contents_updated_idx ON contents (updated_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX contents_popular_idx ON contents (like_count DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX contents_tags_idx ON contents USING gin (tags);
CREATE INDEX contents_search_idx ON contents USING gin (search);

CREATE TABLE chapters (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  content_id    bigint NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
  number        bigint NOT NULL CHECK (number > 0),
  title         text NOT NULL,
  body          text NOT NULL,
  word_count    bigint NOT NULL DEFAULT 0,
  comment_count bigint NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
  published_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- Also the index behind the foreign key and the "by number" ordering.
  CONSTRAINT chapters_content_number_key UNIQUE (content_id, number)
);

CREATE TABLE comments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  chapter_id  bigint NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,
  user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  parent_id   bigint REFERENCES comments (id) ON DELETE CASCADE,
  body        text,  -- NULL once deleted: the row stays so that threads stay whole
  reply_count bigint NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
  deleted_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((deleted_at IS NULL) = (body IS NOT NULL))
);
-- Pages are ordered by id, which grows with creation time.
CREATE INDEX comments_top_level_idx ON comments (chapter_id, id) WHERE parent_id IS NULL;
CREATE INDEX comments_chapter_idx ON comments (chapter_id);
CREATE INDEX comments_parent_idx ON comments (parent_id, id);
CREATE INDEX comments_user_id_idx ON comments (user_id);

CREATE TABLE content_likes (
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  content_id bigint NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, content_id)
);
CREATE INDEX content_likes_content_id_idx ON content_likes (content_id);

CREATE TABLE library (
  user_id              bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  content_id           bigint NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
  last_read_chapter_id bigint REFERENCES chapters (id) ON DELETE SET NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, content_id)
);
-- GET /me/library: most recently updated first.
CREATE INDEX library_user_updated_idx ON library (user_id, updated_at DESC, content_id DESC);
CREATE INDEX library_content_id_idx ON library (content_id);
CREATE INDEX library_last_read_chapter_idx ON library (last_read_chapter_id);
