#pragma once
// The HTTP/1.1 server: one coroutine per connection, keep-alive and pipelining, limits on every
// size and every wait, admission control, and graceful shutdown. Handlers run with a deadline
// and are cancelled when the client's connection breaks.
//
// Waits on a connection (idle, header, body, write, linger) have no timer each: a connection
// notes its deadline, and one sweep per loop, every `deadline_tick`, cancels the socket operations
// of every connection past it (and again at each sweep until the connection sets a new one, so
// that an operation started between two steps of a composed read cannot escape it). An idle
// connection waits for readability without a buffer, so it holds only its socket, its coroutine
// frames and its entry in the list of sessions (docs/performance.md, idle connections).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <list>
#include <memory>
#include <string>

#include "net/admission.hpp"
#include "net/exchange_record.hpp"
#include "net/problem.hpp"
#include "net/router.hpp"

namespace folio::net {

namespace asio = boost::asio;

struct server_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds header_timeout{10000};   // to receive a whole request header
  std::chrono::milliseconds idle_timeout{60000};     // between requests on a keep-alive connection
  std::chrono::milliseconds request_timeout{10000};  // to read a body, to handle, to write
  std::chrono::milliseconds shutdown_grace{10000};
  // After an early answer (413, 431, 400) the client may still be sending: keep reading and
  // discarding for at most this long and this many bytes before closing, so that closing with
  // unread data does not reset the connection and destroy the answer in flight.
  std::chrono::milliseconds linger_timeout{5000};
  std::size_t linger_bytes = 16 * 1024 * 1024;
  // How long the accept loop pauses when the process is out of descriptors (EMFILE, ENFILE).
  std::chrono::milliseconds accept_backoff{100};
  // How often deadlines are enforced: a wait ends between its deadline and one tick later.
  std::chrono::milliseconds deadline_tick{100};
  gate_settings requests;   // this loop's share of the process's in-flight and queue limits
  bool reuse_port = false;  // several servers (one per io_context) on one port
};

// Turns whatever a handler threw into the problem the client sees (and logs what it must).
using error_mapper = std::function<problem(std::exception_ptr, const request&)>;

class server {
 public:
  // `connections` is shared by the servers of every event loop and must outlive them.
  server(asio::any_io_executor executor, server_settings settings, connection_limit& connections, const router& routes,
         error_mapper map_error, exchange_observer observe = {});

  // Binds and listens at once, so that a taken port fails start-up, then accepts in the background.
  void start();
  asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  const request_gate& gate() const noexcept { return gate_; }
  // Stops accepting, closes idle connections, lets requests in flight finish within the grace
  // period, then closes whatever is left.
  asio::awaitable<void> shutdown();

 private:
  using clock = std::chrono::steady_clock;
  struct session_handle {
    asio::ip::tcp::socket& socket;
    asio::ip::address peer;  // read once: getpeername per request would cost a system call
    clock::time_point deadline = clock::time_point::max();
    bool busy = false;

    void expires_after(clock::duration wait) { deadline = clock::now() + wait; }
    void expires_never() { deadline = clock::time_point::max(); }
  };
  struct request_watch;

  asio::awaitable<void> accept_loop();
  boost::system::error_code accept_pending();
  asio::awaitable<void> enforce_deadlines();
  asio::awaitable<void> session(asio::ip::tcp::socket socket);
  // Reads one request, answers it; false when the connection must close.
  asio::awaitable<bool> exchange(session_handle& handle, boost::beast::flat_buffer& buffer, bool first_on_connection);
  // Writes the answer, then reports the exchange to the observer.
  asio::awaitable<bool> write_response(session_handle& handle, http_response response, exchange_record& record,
                                       bool keep_alive);
  // Answers a request that will not be read to its end, then closes the connection gracefully.
  asio::awaitable<bool> refuse(session_handle& handle, boost::beast::flat_buffer& buffer, const problem& answer,
                               exchange_record& record);
  asio::awaitable<void> linger(session_handle& handle, boost::beast::flat_buffer& buffer);
  asio::awaitable<http_response> respond(const http_request& message, exchange_record& record,
                                         const session_handle& handle, bool watch_peer);
  // Routes the request and runs its handler; notes the route and the caller in `record`.
  asio::awaitable<http_response> dispatch(const http_request& message, exchange_record& record, asio::ip::address peer);
  std::string request_id_for(const http_request& message);
  void report(exchange_record& record, const http_response& response);

  asio::any_io_executor executor_;
  server_settings settings_;
  connection_limit& connections_;
  request_gate gate_;
  const router& routes_;
  error_mapper map_error_;
  exchange_observer observe_;
  asio::ip::tcp::acceptor acceptor_;
  std::list<session_handle> sessions_;
  bool draining_ = false;
  asio::steady_timer drained_;
  asio::steady_timer deadline_sweep_;
  std::uint64_t request_counter_ = 0;
  std::uint32_t request_prefix_;
  http_response busy_;  // the 503 of a shed request, built once
};

}  // namespace folio::net
