#include "app/web/pagination.hpp"

#include <boost/url/params_view.hpp>

#include <charconv>

namespace folio::app {

std::optional<std::string> query_param(const net::request& req, std::string_view name) {
  auto params = req.url.params();
  auto found = params.find(name);
  if (found == params.end()) return std::nullopt;
  return (*found).value;
}

std::variant<page_request, net::problem> read_page_request(const net::request& req, const cursor_codec& cursors,
                                                           std::string_view list_name) {
  page_request page;
  if (auto limit = query_param(req, "limit")) {
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), page.limit);
    if (ec != std::errc{} || end != limit->data() + limit->size() || page.limit < 1 || page.limit > max_page_limit)
      return net::bad_request("limit must be an integer from 1 to " + std::to_string(max_page_limit));
  }
  if (auto cursor = query_param(req, "cursor")) {
    auto key = cursors.decode(*cursor);
    if (!key || key->empty() || !key->front().is_string() || key->front().as_string() != list_name)
      return net::bad_request("the cursor is invalid");
    key->erase(key->begin());
    page.after = std::move(*key);
  }
  return page;
}

std::vector<query_parameter> page_parameters(std::vector<query_parameter> more) {
  boost::json::object limit{
      {"type", "integer"}, {"minimum", 1}, {"maximum", max_page_limit}, {"default", default_page_limit}};
  std::vector<query_parameter> all{
      {"limit", "items per page", std::move(limit)},
      text_query("cursor", "the next_cursor of the previous page; opaque and signed (400 when altered)")};
  all.insert(all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  return all;
}

std::string encode_cursor(const cursor_codec& cursors, std::string_view list_name, boost::json::array key) {
  key.insert(key.begin(), boost::json::string(list_name));
  return cursors.encode(key);
}

namespace keyset_detail {

bool read_part(const boost::json::value& from, std::int64_t& to) {
  if (!from.is_int64()) return false;
  to = from.as_int64();
  return true;
}

bool read_part(const boost::json::value& from, std::string& to) {
  if (!from.is_string()) return false;
  to = from.as_string();
  return true;
}

void append_part(boost::json::array& to, std::int64_t part) { to.emplace_back(part); }
void append_part(boost::json::array& to, const std::string& part) { to.emplace_back(boost::json::string(part)); }

}  // namespace keyset_detail

}  // namespace folio::app
