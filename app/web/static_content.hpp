#pragma once
// A response body that changes only with the binary (the API description, the docs page and its
// script): its strong ETag is computed once, and a client whose If-None-Match holds it gets 304.
#include <string>
#include <string_view>

#include "net/request.hpp"

namespace folio::app {

class static_content {
 public:
  // `cache_control` tells clients how long they may use a copy without asking again.
  static_content(std::string body, std::string_view content_type, std::string_view cache_control);

  net::http_response respond(const net::request& req) const;

 private:
  std::string body_;
  std::string content_type_;
  std::string cache_control_;
  std::string etag_;
};

}  // namespace folio::app
