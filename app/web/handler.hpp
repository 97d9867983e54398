#pragma once
// The shape of every domain handler: the worker's services and the request in, a response out.
#include <boost/asio/awaitable.hpp>

#include "app/web/services.hpp"
#include "net/router.hpp"

namespace folio::app {

using handler_fn = boost::asio::awaitable<net::http_response> (*)(services&, net::request&);

// The router's handler for `fn`, bound to one worker's services.
inline net::router::handler bind_handler(services& svc, handler_fn fn) {
  return [&svc, fn](net::request& req) { return fn(svc, req); };
}

}  // namespace folio::app
