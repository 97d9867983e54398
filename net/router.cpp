#include "net/router.hpp"

#include <charconv>
#include <stdexcept>

namespace folio::net {

bool parse_id(std::string_view text, std::int64_t& out) noexcept {
  if (text.empty() || text.size() > 19 || text.front() < '1' || text.front() > '9') return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && out > 0;
}

void router::add(http::verb method, std::string_view pattern, handler h) {
  route r{method, std::string(pattern), {}, std::move(h)};
  std::size_t parameters = 0;
  for (std::size_t start = 1; start <= pattern.size();) {
    auto end = pattern.find('/', start);
    if (end == std::string_view::npos) end = pattern.size();
    auto text = pattern.substr(start, end - start);
    segment s{std::string(text)};
    if (text.starts_with('{') && text.ends_with('}')) {
      s.type = text.ends_with(":id}") ? segment::kind::id : segment::kind::text;
      if (++parameters > path_params::capacity) throw std::invalid_argument("too many path parameters");
    }
    r.segments.push_back(std::move(s));
    start = end + 1;
  }
  routes_.push_back(std::move(r));
}

std::vector<router::entry> router::entries() const {
  std::vector<entry> out;
  for (const auto& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

bool router::matches(const route& r, const std::vector<std::string>& segments, path_params* params) {
  if (r.segments.size() != segments.size()) return false;
  std::size_t parameter = 0;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto& s = r.segments[i];
    switch (s.type) {
      case segment::kind::literal:
        if (s.literal != segments[i]) return false;
        break;
      case segment::kind::id: {
        std::int64_t id = 0;
        if (!parse_id(segments[i], id)) return false;
        if (params) params->ids_[parameter] = id;
        [[fallthrough]];
      }
      case segment::kind::text:
        if (params) params->texts_[parameter] = segments[i];
        ++parameter;
        break;
    }
  }
  return true;
}

router::match_result router::match(http::verb method, const std::vector<std::string>& segments,
                                   path_params& params) const {
  match_result result;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& r = routes_[i];
    if (r.method == method && matches(r, segments, &params)) {
      result.target = &r.target;
      result.route = r.pattern;
      result.index = i;
      return result;
    }
  }
  for (const auto& r : routes_) {
    if (!matches(r, segments, nullptr)) continue;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += http::to_string(r.method);
  }
  return result;
}

}  // namespace folio::net
