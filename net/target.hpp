#pragma once
// The request target as the router sees it: what the server checks between parsing a request
// and matching it, kept apart from the sockets so that the fuzzer and tests can drive it.
#include <boost/url/url_view.hpp>

#include <optional>
#include <string>
#include <vector>

namespace folio::net {

// The percent-decoded path segments, or nullopt when one is not valid UTF-8 once decoded.
std::optional<std::vector<std::string>> decoded_segments(boost::urls::url_view url);

// Every query key and value is valid UTF-8 once percent-decoded.
bool query_is_valid_utf8(boost::urls::url_view url);

}  // namespace folio::net
