#include "app/contents/requests.hpp"

#include <string_view>

#include "app/contents/vocabulary.hpp"
#include "app/web/text.hpp"

namespace folio::app::contents {
namespace {

content_fields read_content(body_reader& reader, presence title) {
  content_fields f;
  f.title = reader.text("title", 1, 200, title);
  f.slug = reader.text("slug", 1, 80);
  reader.check("slug", f.slug, is_slug, "must be 1 to 80 of a-z, 0-9 and -");
  f.description = reader.text("description", 0, 5000);
  f.kind = reader.choice("kind", content_kinds);
  f.status = reader.choice("status", content_statuses);
  f.tags = reader.lowercase_words("tags", 10, is_tag, "each must be 1 to 32 of a-z, 0-9 and -");
  return f;
}

chapter_fields read_chapter(body_reader& reader, presence required, std::string_view published) {
  chapter_fields f;
  f.title = reader.text("title", 1, 200, required);
  f.body = reader.text("body", 1, 500000, required, trimming::keep);
  f.number = reader.integer("number", 1, max_chapter_number);
  f.published = reader.boolean(published);
  return f;
}

}  // namespace

content_fields read_new_content(body_reader& reader) { return read_content(reader, presence::required); }
content_fields read_content_changes(body_reader& reader) { return read_content(reader, presence::optional); }
chapter_fields read_new_chapter(body_reader& reader) { return read_chapter(reader, presence::required, "publish"); }
chapter_fields read_chapter_changes(body_reader& reader) {
  return read_chapter(reader, presence::optional, "published");
}

}  // namespace folio::app::contents
