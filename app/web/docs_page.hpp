#pragma once
// GET /docs: the API description rendered for people by Redoc, whose script is embedded in the
// binary at build time (scripts/fetch-redoc), so the page works without any network. Both the
// page and the script carry a strong ETag and answer 304 to a matching If-None-Match.
#include <boost/asio/awaitable.hpp>

#include "app/web/services.hpp"
#include "net/request.hpp"

namespace folio::app {

// The page that loads the script below and renders /openapi.json.
boost::asio::awaitable<net::http_response> docs_page(services& svc, net::request& req);
// Redoc's standalone bundle, as published on the npm registry.
boost::asio::awaitable<net::http_response> docs_script(services& svc, net::request& req);

}  // namespace folio::app
