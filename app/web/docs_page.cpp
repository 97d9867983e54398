#include "app/web/docs_page.hpp"

#include "app/web/static_content.hpp"

// The bundle's bytes, placed in the binary by the assembler (a 1 MB string literal would strain
// the compiler); FOLIO_REDOC_BUNDLE is the file's path, set by CMakeLists.txt.
asm(".section .rodata\n"
    ".global folio_redoc_bundle_begin\n"
    "folio_redoc_bundle_begin:\n"
    ".incbin \"" FOLIO_REDOC_BUNDLE
    "\"\n"
    ".global folio_redoc_bundle_end\n"
    "folio_redoc_bundle_end:\n"
    ".previous\n");
extern "C" const char folio_redoc_bundle_begin[];
extern "C" const char folio_redoc_bundle_end[];

namespace folio::app {
namespace {

constexpr std::string_view page = R"(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>folio API</title>
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<script src="/docs/redoc.standalone.js"></script>
</body>
</html>
)";

}  // namespace

boost::asio::awaitable<net::http_response> docs_page(services&, net::request& req) {
  static const static_content content(std::string(page), "text/html; charset=utf-8", "no-cache");
  co_return content.respond(req);
}

// The script changes only with the binary: clients may keep it a day without asking.
boost::asio::awaitable<net::http_response> docs_script(services&, net::request& req) {
  static const static_content content(std::string(folio_redoc_bundle_begin, folio_redoc_bundle_end),
                                      "text/javascript; charset=utf-8", "public, max-age=86400");
  co_return content.respond(req);
}

}  // namespace folio::app
