#include "net/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

#include <sys/socket.h>

#include <charconv>
#include <random>

#include "net/response.hpp"
#include "net/target.hpp"

namespace folio::net {
namespace {

namespace beast = boost::beast;
using asio::ip::tcp;
using asio::use_awaitable;
using namespace asio::experimental::awaitable_operators;
constexpr auto tuple_awaitable = asio::as_tuple(use_awaitable);

bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// Readable with an error pending means the peer reset the connection: nobody will read the answer.
// End of stream alone is not enough, since a client may half-close after sending its request
// and still wait for the answer (see docs/reliability.md).
bool peer_reset(tcp::socket& socket) {
  char byte;
  const auto received = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return received < 0 && errno != EAGAIN && errno != EWOULDBLOCK;
}

// The client went away or stopped talking: there is nobody to answer.
bool is_disconnect(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
         ec == asio::error::operation_aborted || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe;
}

// The answer to a request that could not be read: its header or body broke a limit or the grammar.
problem unreadable_request(const beast::error_code& ec, std::size_t max_body_bytes) {
  if (ec == http::error::header_limit)
    return {http::status::request_header_fields_too_large, "the request header is too large"};
  if (ec == http::error::body_limit) return payload_too_large(max_body_bytes);
  return bad_request("malformed HTTP request");
}

// Out of descriptors or kernel memory: accepting again at once would fail again, in a busy loop.
bool is_resource_exhaustion(const beast::error_code& ec) {
  return ec == std::errc::too_many_files_open || ec == std::errc::too_many_files_open_in_system ||
         ec == std::errc::no_buffer_space || ec == std::errc::not_enough_memory;
}

// What is known of a request as soon as its header has arrived (or failed to).
exchange_record record_of(const http_request& message, std::string_view request_id) {
  exchange_record record;
  record.method = message.method();
  record.method_text = message.method_string();
  record.request_id = request_id;
  record.received = std::chrono::steady_clock::now();
  return record;
}

// Holds an admitted request's place at the gate for as long as its handler runs.
class gate_place {
 public:
  explicit gate_place(request_gate& gate) : gate_(gate) {}
  ~gate_place() { gate_.leave(); }
  gate_place(const gate_place&) = delete;
  gate_place& operator=(const gate_place&) = delete;

 private:
  request_gate& gate_;
};

}  // namespace

// Cancels the handler of the request in flight when its deadline passes or its client leaves.
// One per request (an idle connection keeps none), owned jointly by the request and its pending
// waits, so that a wait that completes after the request ended touches nothing freed; `done`
// tells such a wait to do nothing.
struct server::request_watch {
  explicit request_watch(asio::any_io_executor executor) : deadline(executor) {}
  asio::cancellation_signal signal;
  asio::steady_timer deadline;
  bool done = false;
};

server::server(asio::any_io_executor executor, server_settings settings, connection_limit& connections,
               const router& routes, error_mapper map_error, exchange_observer observe)
    : executor_(executor),
      settings_(std::move(settings)),
      connections_(connections),
      gate_(executor, settings_.requests),
      routes_(routes),
      map_error_(std::move(map_error)),
      observe_(std::move(observe)),
      acceptor_(executor),
      drained_(executor, asio::steady_timer::time_point::max()),
      deadline_sweep_(executor),
      request_prefix_(std::random_device{}()),
      busy_(problem_response(unavailable("the server is busy; retry shortly"))) {}

void server::start() {
  tcp::endpoint endpoint(asio::ip::make_address(settings_.host), settings_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  if (settings_.reuse_port) {
    int on = 1;
    ::setsockopt(acceptor_.native_handle(), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
  }
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(executor_, accept_loop(), asio::detached);
  asio::co_spawn(executor_, enforce_deadlines(), asio::detached);
}

asio::awaitable<void> server::enforce_deadlines() {
  for (;;) {
    deadline_sweep_.expires_after(settings_.deadline_tick);
    co_await deadline_sweep_.async_wait(tuple_awaitable);
    // A cancel() that came while the sweep was already due finds no wait to cancel: the flag says it.
    if (swept_out_) co_return;
    const auto now = clock::now();
    boost::system::error_code ignored;
    for (auto& s : sessions_) {
      if (s.deadline <= now) s.socket.cancel(ignored);
    }
  }
}

asio::awaitable<void> server::accept_loop() {
  asio::steady_timer pause(executor_);
  acceptor_.non_blocking(true);
  while (acceptor_.is_open()) {
    auto [wait_ec] = co_await acceptor_.async_wait(tcp::acceptor::wait_read, tuple_awaitable);
    if (wait_ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
    if (accept_pending() == asio::error::would_block) continue;
    // Out of descriptors: the connections wait in the backlog while open ones close and free
    // some; accepting again at once would fail again, in a busy loop.
    pause.expires_after(settings_.accept_backoff);
    co_await pause.async_wait(tuple_awaitable);
  }
}

// Takes every connection waiting in the backlog: one accept per loop turn would let a burst
// overflow the kernel's queue, and those clients would retry only after a second or more.
boost::system::error_code server::accept_pending() {
  for (;;) {
    tcp::socket socket(executor_);
    boost::system::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again || is_resource_exhaustion(ec)) return ec;
    if (ec) continue;                        // e.g. the client reset before we accepted: nothing to serve
    if (!connections_.try_open()) continue;  // closed as it goes out of scope
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(executor_, session(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> server::session(tcp::socket socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec).address();
  auto handle = sessions_.insert(sessions_.end(), session_handle{socket, peer});
  try {
    beast::flat_buffer buffer;
    for (bool first = true;; first = false) {
      handle->busy = false;
      if (buffer.size() == 0) {
        // Draining: a request that has already arrived is still served (see shutdown()).
        if (draining_ && socket.available(ec) == 0) break;
        // Idle: no buffer until the client speaks (a request allocates what it needs). Asio's
        // epoll reactor is edge-triggered and never tries a wait at once, so readiness it saw
        // before the wait was queued would not end the wait. A request sent right after
        // connecting can come before this session starts: a new connection looks first (one
        // ioctl per connection; looking before every request cost 5 % of content's requests/s,
        // and between requests no such loss was ever seen, docs/reliability.md).
        buffer.shrink_to_fit();
        if (!first || socket.available(ec) == 0) {
          handle->expires_after(settings_.idle_timeout);
          auto [wait_ec] = co_await socket.async_wait(tcp::socket::wait_read, tuple_awaitable);
          if (wait_ec) break;
        }
      }
      handle->busy = true;
      if (!co_await exchange(*handle, buffer, first)) break;
    }
  } catch (const std::exception&) {
    // A broken connection is the client's business; nothing to answer on it.
  }
  sessions_.erase(handle);
  connections_.close();
  if (draining_ && sessions_.empty()) drained_.cancel();
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<bool> server::write_response(session_handle& handle, http_response response, exchange_record& record,
                                             bool keep_alive) {
  response.set("X-Request-Id", record.request_id);
  response.keep_alive(keep_alive);
  response.prepare_payload();
  handle.expires_after(settings_.request_timeout);
  auto [ec, written] = co_await http::async_write(handle.socket, response, tuple_awaitable);
  report(record, response);
  co_return !ec && keep_alive;
}

void server::report(exchange_record& record, const http_response& response) {
  if (!observe_) return;
  record.status = response.result_int();
  record.body_bytes = response.body().size();
  record.duration = std::chrono::steady_clock::now() - record.received;
  observe_(record);
}

asio::awaitable<bool> server::refuse(session_handle& handle, beast::flat_buffer& buffer, const problem& answer,
                                     exchange_record& record) {
  co_await write_response(handle, problem_response(answer), record, false);
  co_await linger(handle, buffer);  // after a failed write it ends at once
  co_return false;
}

asio::awaitable<void> server::linger(session_handle& handle, beast::flat_buffer& buffer) {
  beast::error_code ec;
  handle.socket.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) co_return;
  buffer.clear();
  handle.expires_after(settings_.linger_timeout);
  for (std::size_t discarded = 0; discarded < settings_.linger_bytes;) {
    auto [read_ec, received] = co_await handle.socket.async_read_some(buffer.prepare(16 * 1024), tuple_awaitable);
    if (read_ec) co_return;  // the client closed (what we wait for), reset, or the time is up
    discarded += received;
  }
}

asio::awaitable<bool> server::exchange(session_handle& handle, beast::flat_buffer& buffer, bool first_on_connection) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(settings_.max_header_bytes));
  parser.body_limit(settings_.max_body_bytes);
  handle.expires_after(settings_.header_timeout);
  auto [header_ec, header_bytes] = co_await http::async_read_header(handle.socket, buffer, parser, tuple_awaitable);
  if (header_ec) {
    if (is_disconnect(header_ec)) co_return false;
    // Named before the co_await below: GCC 12 builds a braced aggregate temporary inside a
    // co_await expression at the wrong address in the coroutine frame (docs/reliability.md).
    // Beast also reports an announced Content-Length over body_limit here, before the body is
    // sent: it is refused without being read.
    const problem answer = unreadable_request(header_ec, settings_.max_body_bytes);
    const auto request_id = request_id_for(parser.get());
    auto record = record_of(parser.get(), request_id);
    co_return co_await refuse(handle, buffer, answer, record);
  }
  const auto request_id = request_id_for(parser.get());
  auto record = record_of(parser.get(), request_id);
  if (!parser.is_done()) {
    if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      http::response<http::empty_body> proceed{http::status::continue_, 11};
      handle.expires_after(settings_.request_timeout);
      co_await http::async_write(handle.socket, proceed, use_awaitable);
    }
    handle.expires_after(settings_.request_timeout);
    auto [body_ec, body_bytes] = co_await http::async_read(handle.socket, buffer, parser, tuple_awaitable);
    if (body_ec) {
      if (is_disconnect(body_ec)) co_return false;
      const problem answer = unreadable_request(body_ec, settings_.max_body_bytes);
      co_return co_await refuse(handle, buffer, answer, record);
    }
  }
  handle.expires_never();  // the handler has its own deadline

  const auto& message = parser.get();
  const bool keep_alive = message.keep_alive() && !draining_;
  if (!gate_.try_enter() && co_await gate_.enter(first_on_connection) != request_gate::verdict::admitted) {
    record.shed = true;
    co_return co_await write_response(handle, busy_, record, keep_alive);
  }
  http_response response;
  {
    gate_place place(gate_);
    response = co_await respond(message, record, handle, buffer.size() == 0);
  }
  co_return co_await write_response(handle, std::move(response), record, keep_alive);
}

std::string server::request_id_for(const http_request& message) {
  auto sent = message["X-Request-Id"];
  if (is_acceptable_request_id(sent)) return std::string(sent);
  // A random per-process prefix and a counter: unique without a random draw per request.
  char generated[40];
  auto end = std::to_chars(generated, generated + 16, request_prefix_, 16).ptr;
  *end++ = '-';
  end = std::to_chars(end, generated + sizeof generated, ++request_counter_, 16).ptr;
  return std::string(generated, end);
}

asio::awaitable<http_response> server::respond(const http_request& message, exchange_record& record,
                                               const session_handle& handle, bool watch_peer) {
  boost::system::error_code ec;
  auto& socket = handle.socket;
  const auto watch = std::make_shared<request_watch>(executor_);
  auto cancel_if_current = [watch] {
    if (!watch->done) watch->signal.emit(asio::cancellation_type::terminal);
  };
  watch->deadline.expires_after(settings_.request_timeout);
  watch->deadline.async_wait([cancel_if_current](boost::system::error_code ec) {
    if (!ec) cancel_if_current();
  });
  // Readable while the handler runs means the peer reset the connection, half-closed it, or sent
  // its next request early; only a reset cancels (otherwise the deadline alone applies). Not
  // armed when a pipelined request is already buffered.
  if (watch_peer) {
    socket.async_wait(tcp::socket::wait_read, [cancel_if_current, watch, &socket](boost::system::error_code ec) {
      if (!ec && !watch->done && peer_reset(socket)) cancel_if_current();
    });
  }
  auto response = co_await asio::co_spawn(executor_, dispatch(message, record, handle.peer),
                                          asio::bind_cancellation_slot(watch->signal.slot(), use_awaitable));
  watch->done = true;  // the pending waits now belong to no request
  watch->deadline.cancel();
  if (watch_peer) socket.cancel(ec);
  co_return response;
}

asio::awaitable<http_response> server::dispatch(const http_request& message, exchange_record& record,
                                                asio::ip::address peer) {
  auto parsed = boost::urls::parse_origin_form(message.target());
  if (!parsed) co_return problem_response(bad_request("the request target is not a valid URL path"));
  request req{message, *parsed, {}, record.request_id, {}, peer};
  http_response response;
  auto segments = decoded_segments(req.url);
  if (!segments || !query_is_valid_utf8(req.url)) {
    response = problem_response(bad_request("the path or query is not valid UTF-8"));
  } else if (auto match = routes_.match(message.method(), *segments, req.params); !match.target) {
    problem p = match.allow.empty() ? not_found("no such resource")
                                    : problem{http::status::method_not_allowed, "method not allowed here"};
    p.allow = std::move(match.allow);
    response = problem_response(p);
  } else {
    req.route = match.route;
    record.routed = true;
    record.route = match.index;
    record.route_pattern = match.route;
    std::exception_ptr failure;
    try {
      response = co_await (*match.target)(req);
    } catch (...) {
      failure = std::current_exception();
    }
    if (failure) response = problem_response(map_error_(failure, req));
    record.user_id = req.user_id;
  }
  co_return response;
}

asio::awaitable<void> server::shutdown() {
  draining_ = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  // Idle connections close. One whose request has already arrived is served first, though its
  // wait for readability may not have reported it yet (that takes a turn of the loop): a client
  // that sent its request before the signal gets its answer.
  for (auto& s : sessions_) {
    if (!s.busy && s.socket.available(ignored) == 0) s.socket.cancel(ignored);
  }
  if (!sessions_.empty()) {
    asio::steady_timer grace(executor_, settings_.shutdown_grace);
    co_await (drained_.async_wait(tuple_awaitable) || grace.async_wait(tuple_awaitable));
  }
  for (auto& s : sessions_) s.socket.close(ignored);
  swept_out_ = true;
  deadline_sweep_.cancel();
}

}  // namespace folio::net
