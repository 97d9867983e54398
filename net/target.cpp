#include "net/target.hpp"

#include <boost/url/params_view.hpp>
#include <boost/url/segments_view.hpp>

#include "net/utf8.hpp"

namespace folio::net {

std::optional<std::vector<std::string>> decoded_segments(boost::urls::url_view url) {
  std::vector<std::string> segments;
  for (auto segment : url.segments()) {
    if (!is_valid_utf8(segment)) return std::nullopt;
    segments.push_back(std::move(segment));
  }
  return segments;
}

bool query_is_valid_utf8(boost::urls::url_view url) {
  for (auto param : url.params()) {
    if (!is_valid_utf8(param.key) || !is_valid_utf8(param.value)) return false;
  }
  return true;
}

}  // namespace folio::net
