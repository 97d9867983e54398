-- Who may see a content or a chapter, as the comments, library and progress statements ask it.
-- A draft content is visible only to its author and admins; an unpublished chapter only to its
-- content's author and admins; a chapter of a content the viewer cannot see is invisible too.
-- The rule is written once here so that no statement spells it differently. Both functions are
-- single SQL expressions, so the planner inlines them into the statements that call them.
-- `viewer` is NULL for an anonymous request.

CREATE FUNCTION content_visible_to(content_status text, content_author_id bigint, viewer bigint,
                                   viewer_is_admin boolean)
  RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT viewer_is_admin OR content_author_id IS NOT DISTINCT FROM viewer OR content_status <> 'draft' $$;

CREATE FUNCTION chapter_visible_to(content_status text, content_author_id bigint,
                                   chapter_published_at timestamptz, viewer bigint, viewer_is_admin boolean)
  RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT viewer_is_admin OR content_author_id IS NOT DISTINCT FROM viewer
               OR (content_status <> 'draft' AND chapter_published_at IS NOT NULL) $$;
