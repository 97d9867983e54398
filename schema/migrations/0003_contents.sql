-- Contents: what the catalogue's keyset pages rely on beyond 0001.

-- Timestamps of contents are kept at the precision the API shows (milliseconds). A page's cursor
-- carries the sort key of its last row as the API shows it; were the stored value finer, rows
-- between the shown and the stored value would be skipped by the next page. The trigger makes
-- the rule hold for every writer (the API, `folio seed`'s COPY, tests that insert directly).
CREATE FUNCTION contents_millisecond_timestamps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_at := date_trunc('milliseconds', NEW.created_at);
  NEW.updated_at := date_trunc('milliseconds', NEW.updated_at);
  NEW.published_at := date_trunc('milliseconds', NEW.published_at);
  RETURN NEW;
END
$$;

CREATE TRIGGER contents_millisecond_timestamps
  BEFORE INSERT OR UPDATE OF created_at, updated_at, published_at ON contents
  FOR EACH ROW EXECUTE FUNCTION contents_millisecond_timestamps();

-- Rows written before this migration (the trigger truncates all three columns).
UPDATE contents SET created_at = created_at;

-- GET /contents lists by published_at: every listed (non-draft) content has one.
ALTER TABLE contents ADD CONSTRAINT contents_published_check CHECK (status = 'draft' OR published_at IS NOT NULL);
