#include "app/contents/listing.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "app/contents/queries.hpp"
#include "app/contents/vocabulary.hpp"
#include "app/web/text.hpp"

namespace folio::app::contents {
namespace {

constexpr std::string_view no_count_yet = "9223372036854775807";
constexpr std::size_t max_query_length = 200;

// Listed contents are never drafts, so they have a published_at (contents_published_check).
std::string published_value(const content_row& row) { return format_rfc3339(row.published_at.value()); }
std::string updated_value(const content_row& row) { return format_rfc3339(row.updated_at); }
std::string popular_value(const content_row& row) { return std::to_string(row.like_count); }

constexpr std::array<content_order, 3> orders{{
    {"latest", "contents.latest", &list_latest, &search_latest, after_every_time, published_value},
    {"updated", "contents.updated", &list_updated, &search_updated, after_every_time, updated_value},
    {"popular", "contents.popular", &list_popular, &search_popular, no_count_yet, popular_value},
}};

std::optional<std::string> lowercase_param(const net::request& req, std::string_view name) {
  auto value = query_param(req, name);
  if (value) *value = ascii_lower(trim(*value));
  return value;
}

}  // namespace

std::vector<std::string_view> sort_names() {
  std::vector<std::string_view> names;
  for (const auto& o : orders) names.push_back(o.sort);
  return names;
}

result<content_filters> read_content_filters(const net::request& req) {
  content_filters f{&orders.front()};
  if (auto sort = query_param(req, "sort")) {
    auto found = std::find_if(orders.begin(), orders.end(), [&](const auto& o) { return o.sort == *sort; });
    if (found == orders.end()) return net::bad_request("sort must be one of latest, updated, popular");
    f.order = &*found;
  }
  f.author = lowercase_param(req, "author");
  if (f.author && !is_username(*f.author)) return net::bad_request("author must be a username");
  f.tag = lowercase_param(req, "tag");
  if (f.tag && !is_tag(*f.tag)) return net::bad_request("tag must be 1 to 32 of a-z, 0-9 and -");
  f.kind = query_param(req, "kind");
  if (f.kind && !is_one_of(content_kinds, *f.kind))
    return net::bad_request("kind must be one of " + listed(content_kinds));
  f.status = query_param(req, "status");
  if (f.status && !is_one_of(content_statuses, *f.status))
    return net::bad_request("status must be one of " + listed(content_statuses));
  if (auto q = query_param(req, "q")) {
    auto words = trim(*q);
    if (code_points(words) > max_query_length)
      return net::bad_request("q must be at most " + std::to_string(max_query_length) + " characters");
    if (!words.empty()) f.q = std::string(words);
  }
  return f;
}

std::tuple<std::string, std::int64_t> start_of(const content_page& page, std::string_view first) {
  if (page.after) return *page.after;
  return {std::string(first), std::numeric_limits<std::int64_t>::max()};
}

std::tuple<std::string, std::int64_t> key_of(const content_order& order, const content_row& row) {
  return {order.value_of(row), row.id};
}

}  // namespace folio::app::contents
