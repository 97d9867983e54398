// `folio healthcheck [PATH]`: asks the server this configuration describes (HOST, PORT) for PATH
// (/healthz) and succeeds only on 200. The container image has no curl: its HEALTHCHECK runs this.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <iostream>

#include "app/cli/commands.hpp"
#include "app/cli/run_sync.hpp"

namespace folio::app {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

constexpr auto check_timeout = std::chrono::seconds(5);

// A server listening on every address is reached on the loopback one.
std::string reachable_host(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) return "127.0.0.1";
  if (host == "::") return "::1";
  return host;
}

// The status of GET `path`, or 0 when there is no answer within check_timeout.
asio::awaitable<unsigned> status_of(asio::any_io_executor executor, std::string host, std::uint16_t port,
                                    std::string path) {
  asio::ip::tcp::resolver resolver(executor);
  const auto service = std::to_string(port);
  auto [resolve_error, endpoints] = co_await resolver.async_resolve(host, service, asio::as_tuple(asio::use_awaitable));
  if (resolve_error) co_return 0;
  boost::beast::tcp_stream stream(executor);
  stream.expires_after(check_timeout);
  auto [connect_error, connected] = co_await stream.async_connect(endpoints, asio::as_tuple(asio::use_awaitable));
  if (connect_error) co_return 0;
  http::request<http::empty_body> request{http::verb::get, path, 11};
  request.set(http::field::host, host);
  request.set(http::field::connection, "close");
  auto [write_error, written] = co_await http::async_write(stream, request, asio::as_tuple(asio::use_awaitable));
  if (write_error) co_return 0;
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  auto [read_error, read] = co_await http::async_read(stream, buffer, response, asio::as_tuple(asio::use_awaitable));
  if (read_error) co_return 0;
  co_return response.result_int();
}

}  // namespace

int healthcheck(const config& cfg, const std::vector<std::string>& args) {
  if (args.size() > 1) return usage_problem("healthcheck", "unexpected argument " + args[1]);
  std::string path = args.empty() ? "/healthz" : args[0];
  if (!path.starts_with('/')) return usage_problem("healthcheck", "the path must start with /");
  const auto host = reachable_host(cfg.host);
  const auto status = run_sync<unsigned>([&](asio::any_io_executor executor) {
    return status_of(executor, host, static_cast<std::uint16_t>(cfg.port), path);
  });
  if (status == 200) return 0;
  std::cerr << "folio healthcheck: GET " << path << " on " << host << ":" << cfg.port << ": "
            << (status == 0 ? "no answer" : std::to_string(status)) << "\n";
  return 1;
}

}  // namespace folio::app
