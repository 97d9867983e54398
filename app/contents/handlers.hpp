#pragma once
// The handlers of the contents, chapters and likes endpoints; routes.cpp binds them to paths.
#include <boost/asio/awaitable.hpp>

#include "app/web/services.hpp"
#include "net/request.hpp"

namespace folio::app::contents {

using handler_result = boost::asio::awaitable<net::http_response>;

// contents_handlers.cpp
handler_result list_contents(services& svc, net::request& req);
handler_result list_user_contents(services& svc, net::request& req);
handler_result create_content(services& svc, net::request& req);
handler_result show_content(services& svc, net::request& req);
handler_result change_content(services& svc, net::request& req);
handler_result remove_content(services& svc, net::request& req);

// likes_handlers.cpp
handler_result like(services& svc, net::request& req);
handler_result unlike(services& svc, net::request& req);

// chapters_handlers.cpp
handler_result list_chapters_of_content(services& svc, net::request& req);
handler_result create_chapter(services& svc, net::request& req);
handler_result show_chapter(services& svc, net::request& req);
handler_result change_chapter(services& svc, net::request& req);
handler_result remove_chapter(services& svc, net::request& req);

}  // namespace folio::app::contents
