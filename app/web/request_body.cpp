#include "app/web/request_body.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>
#include <limits>

#include "app/web/text.hpp"

namespace folio::app {
namespace {

bool is_json_media_type(std::string_view content_type) {
  auto media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return boost::beast::iequals(media, "application/json");
}

std::string length_rule(std::size_t min, std::size_t max) {
  return "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters";
}

// A length of max() means "no limit" and is left out.
boost::json::object text_schema(std::size_t min_length, std::size_t max_length) {
  boost::json::object schema{{"type", "string"}};
  if (min_length > 0) schema["minLength"] = min_length;
  if (max_length != std::numeric_limits<std::size_t>::max()) schema["maxLength"] = max_length;
  return schema;
}

std::string joined(std::span<const std::string_view> values) {
  std::string out;
  for (auto v : values) out.append(out.empty() ? "" : ", ").append(v);
  return out;
}

}  // namespace

std::variant<boost::json::object, net::problem> read_json_object(const net::request& req) {
  const auto content_type = req.message[net::http::field::content_type];
  if (content_type.empty() && req.message.body().empty()) return net::bad_request("a JSON body is required");
  if (!is_json_media_type(content_type))
    return net::problem{net::http::status::unsupported_media_type, "the body must be application/json"};
  if (!is_valid_utf8(req.message.body())) return net::bad_request("the body is not valid UTF-8");
  boost::system::error_code ec;
  auto value = boost::json::parse(req.message.body(), ec);
  if (ec) return net::bad_request("the body is not valid JSON: " + ec.message());
  if (!value.is_object()) return net::bad_request("the body must be a JSON object");
  return std::move(value.as_object());
}

const boost::json::value* body_reader::field(std::string_view name, presence p) {
  known_.emplace_back(name);
  const auto* value = body_.if_contains(name);
  if (!value && p == presence::required) reject(name, "is required");
  if (value && value->is_null() && p == presence::optional_or_null) return nullptr;
  return value;
}

void body_reader::reject(std::string_view field, std::string message) {
  errors_.push_back({std::string(field), std::move(message)});
}

std::optional<std::string> body_reader::text(std::string_view name, std::size_t min_length, std::size_t max_length,
                                             presence p, trimming t) {
  describe(name, p, [&] { return text_schema(min_length, max_length); });
  return read_text(name, min_length, max_length, p, t);
}

std::optional<std::string> body_reader::read_text(std::string_view name, std::size_t min_length, std::size_t max_length,
                                                  presence p, trimming t) {
  const auto* value = field(name, p);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    reject(name, "must be a string");
    return std::nullopt;
  }
  std::string_view raw = value->as_string();
  auto text = t == trimming::trim ? trim(raw) : raw;
  // PostgreSQL text holds neither NUL nor the lone surrogates a JSON escape can spell.
  if (text.find('\0') != std::string_view::npos || !is_valid_utf8(text)) {
    reject(name, "must be valid UTF-8 text without NUL characters");
    return std::nullopt;
  }
  const auto length = code_points(text);
  if (length < min_length || length > max_length) {
    reject(name, length_rule(min_length, max_length));
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::int64_t> body_reader::integer(std::string_view name, std::int64_t min, std::int64_t max,
                                                 presence p) {
  describe(name, p, [&] {
    return boost::json::object{{"type", "integer"}, {"format", "int64"}, {"minimum", min}, {"maximum", max}};
  });
  const auto* value = field(name, p);
  if (!value) return std::nullopt;
  // Boost.JSON keeps integers that fit in 64 signed bits as int64; anything else is out of range.
  if (!value->is_int64() || value->as_int64() < min || value->as_int64() > max) {
    reject(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return value->as_int64();
}

std::optional<bool> body_reader::boolean(std::string_view name, presence p) {
  describe(name, p, [] { return boost::json::object{{"type", "boolean"}}; });
  const auto* value = field(name, p);
  if (!value) return std::nullopt;
  if (!value->is_bool()) {
    reject(name, "must be true or false");
    return std::nullopt;
  }
  return value->as_bool();
}

std::optional<std::vector<std::string>> body_reader::lowercase_words(std::string_view name, std::size_t max_items,
                                                                     bool (*valid)(std::string_view),
                                                                     std::string_view rule) {
  describe(name, presence::optional, [&] {
    return boost::json::object{{"type", "array"},
                               {"items", {{"type", "string"}}},
                               {"maxItems", max_items},
                               {"description", "lowercased and de-duplicated; " + std::string(rule)}};
  });
  const auto* value = field(name, presence::optional);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    reject(name, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> words;
  for (const auto& item : value->as_array()) {
    if (!item.is_string()) {
      reject(name, "must be an array of strings");
      return std::nullopt;
    }
    auto word = ascii_lower(trim(std::string_view(item.as_string())));
    if (!valid(word)) {
      reject(name, std::string(rule));
      return std::nullopt;
    }
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(std::move(word));
  }
  if (words.size() > max_items) {
    reject(name, "must hold at most " + std::to_string(max_items) + " distinct items");
    return std::nullopt;
  }
  return words;
}

std::optional<std::string> body_reader::choice(std::string_view name, std::span<const std::string_view> allowed,
                                               presence p) {
  describe(name, p, [&] {
    boost::json::array values(allowed.begin(), allowed.end());
    return boost::json::object{{"type", "string"}, {"enum", std::move(values)}};
  });
  auto value = read_text(name, 0, std::numeric_limits<std::size_t>::max(), p, trimming::trim);
  if (value && std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    reject(name, "must be one of " + joined(allowed));
    return std::nullopt;
  }
  return value;
}

void body_reader::check(std::string_view name, std::optional<std::string>& value, bool (*valid)(std::string_view),
                        std::string_view rule) {
  if (described_) described_->properties[name].as_object()["description"] = rule;
  if (!value || valid(*value)) return;
  reject(name, std::string(rule));
  value.reset();
}

std::vector<net::field_error> body_reader::finish() {
  for (const auto& [key, value] : body_) {
    if (std::find(known_.begin(), known_.end(), std::string_view(key)) == known_.end())
      reject(key, "is not a field this endpoint accepts");
  }
  return std::move(errors_);
}

}  // namespace folio::app
