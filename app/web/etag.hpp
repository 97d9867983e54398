#pragma once
// Strong ETags computed from the representation itself, so that they change whenever anything
// in it changes (counters and the author's name included) and never otherwise.
#include <string>
#include <string_view>

#include "net/request.hpp"

namespace folio::app {

std::string strong_etag(std::string_view representation);
// True when the request has no If-Match, or when one of its tags (or *) matches `current`.
bool if_match_satisfied(const net::request& req, std::string_view current);
// True when the request's If-None-Match lists `current` (or *): the client's copy is current.
bool if_none_match_hit(const net::request& req, std::string_view current);

}  // namespace folio::app
