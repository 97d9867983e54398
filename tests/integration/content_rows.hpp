#pragma once
// Contents and chapters inserted directly with SQL, so that the tests of comments and the library
// do not depend on the contents endpoints.
#include <cstdint>
#include <string>

namespace folio::test {

// A content of `author_id`; any status but "draft" also gets a published_at (as the schema requires).
std::int64_t make_content(const std::string& database_url, std::int64_t author_id,
                          const std::string& status = "ongoing");
// The next chapter of `content_id`, published or not.
std::int64_t make_chapter(const std::string& database_url, std::int64_t content_id, bool published = true);

}  // namespace folio::test
