#include "db/connection.hpp"

#include <boost/asio/append.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <map>

#include "db/conninfo.hpp"
#include "db/error.hpp"

namespace folio::db {
namespace {

using asio::use_awaitable;
using namespace asio::experimental::awaitable_operators;
using socket_wait = asio::posix::stream_descriptor::wait_type;

struct pgconn_finish {
  void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
using owned_pgconn = std::unique_ptr<PGconn, pgconn_finish>;

std::string trimmed_message(const char* text) {
  std::string message = text ? text : "";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

std::exception_ptr server_error(const PGresult* r) {
  auto field = [r](int code) {
    const char* value = PQresultErrorField(r, code);
    return std::string(value ? value : "");
  };
  return std::make_exception_ptr(db_error(db_error::kind::server, field(PG_DIAG_MESSAGE_PRIMARY),
                                          field(PG_DIAG_SQLSTATE), field(PG_DIAG_MESSAGE_DETAIL),
                                          field(PG_DIAG_CONSTRAINT_NAME)));
}

// libpq would print server notices (e.g. "relation already exists, skipping") on stderr.
void ignore_notice(void*, const char*) {}

bool needs_resolution(const std::string& host) {
  if (host.empty() || host.front() == '/' || host.front() == '@' || host.find(',') != std::string::npos) return false;
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return static_cast<bool>(ec);
}

// folio's session settings, in the `options` start-up parameter.
void add_session_options(std::map<std::string, std::string>& params, const connection_settings& s) {
  // client_connection_check_interval: a statement whose client has gone (a connection dropped by
  // the call watchdog, or closed while the statement ran) stops within a second instead of running
  // on, up to statement_timeout, for nobody.
  std::string session = "-c statement_timeout=" + std::to_string(s.statement_timeout.count()) +
                        " -c client_connection_check_interval=1000" +
                        " -c TimeZone=UTC -c DateStyle=ISO -c client_encoding=UTF8";
  auto& options = params["options"];
  options = options.empty() ? session : options + " " + session;
}

// The connection's parameters as keyword/value pairs, with the host resolved by Asio (libpq
// would resolve it with a blocking getaddrinfo inside PQconnectPoll) and folio's session
// settings added.
asio::awaitable<std::map<std::string, std::string>> connect_parameters(asio::any_io_executor executor,
                                                                       const connection_settings& s) {
  auto params = parse_conninfo(s.conninfo);
  if (s.transaction_pooler) {
    // Through the pooler only client_encoding is a start-up parameter it passes on; the rest is
    // the pooler's or the role's to set (docs/scaling.md).
    params.try_emplace("client_encoding", "UTF8");
  } else {
    add_session_options(params, s);
  }
  params.try_emplace("application_name", s.application_name);
  // Over TCP, a peer that vanished is noticed by the kernel too (ignored on Unix sockets).
  params.try_emplace("keepalives", "1");
  params.try_emplace("keepalives_idle", "30");
  params.try_emplace("keepalives_interval", "5");
  params.try_emplace("keepalives_count", "3");
  if (s.call_timeout.count() > 0) params.try_emplace("tcp_user_timeout", std::to_string(s.call_timeout.count()));

  auto host = params.find("host");
  if (host != params.end() && !params.contains("hostaddr") && needs_resolution(host->second)) {
    asio::ip::tcp::resolver resolver(executor);
    auto port = params.contains("port") ? params["port"] : "5432";
    auto endpoints = co_await resolver.async_resolve(host->second, port, use_awaitable);
    if (endpoints.empty()) throw db_error(db_error::kind::connection, "cannot resolve database host");
    params["hostaddr"] = endpoints.begin()->endpoint().address().to_string();
  }
  co_return params;
}

// Waits until libpq's socket is ready as asked, or throws when the deadline passes first.
asio::awaitable<void> wait_socket(PGconn* c, PostgresPollingStatusType poll, asio::steady_timer& deadline) {
  asio::posix::stream_descriptor socket(co_await asio::this_coro::executor, PQsocket(c));
  auto wait = poll == PGRES_POLLING_READING ? socket_wait::wait_read : socket_wait::wait_write;
  auto outcome = co_await (socket.async_wait(wait, asio::as_tuple(use_awaitable)) ||
                           deadline.async_wait(asio::as_tuple(use_awaitable)));
  socket.release();  // the descriptor stays libpq's
  if (outcome.index() == 1) throw db_error(db_error::kind::connection, "timed out connecting to the database");
}

}  // namespace

asio::awaitable<std::shared_ptr<connection>> connection::open(asio::any_io_executor executor,
                                                              asio::any_io_executor blocking,
                                                              const connection_settings& settings) {
  asio::steady_timer deadline(executor, settings.connect_timeout);
  auto params = co_await connect_parameters(executor, settings);
  std::vector<const char*> keywords, values;
  for (const auto& [keyword, value] : params) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);

  owned_pgconn c(PQconnectStartParams(keywords.data(), values.data(), 0));
  if (!c) throw db_error(db_error::kind::connection, "out of memory starting a database connection");
  // Right after PQconnectStart libpq behaves as if the last poll asked for writing.
  for (auto poll = PGRES_POLLING_WRITING;;) {
    if (PQstatus(c.get()) == CONNECTION_BAD || poll == PGRES_POLLING_FAILED)
      throw db_error(db_error::kind::connection, trimmed_message(PQerrorMessage(c.get())));
    if (poll == PGRES_POLLING_OK) break;
    co_await wait_socket(c.get(), poll, deadline);
    poll = PQconnectPoll(c.get());
  }
  PQsetNoticeProcessor(c.get(), ignore_notice, nullptr);
  if (PQsetnonblocking(c.get(), 1) != 0 || (settings.pipeline && PQenterPipelineMode(c.get()) != 1))
    throw db_error(db_error::kind::connection, trimmed_message(PQerrorMessage(c.get())));

  std::shared_ptr<connection> opened(new connection(executor, blocking, c.release(), settings));
  asio::co_spawn(executor, read_loop(opened), asio::detached);
  if (settings.call_timeout.count() > 0) asio::co_spawn(executor, watchdog(opened), asio::detached);
  co_return opened;
}

connection::connection(asio::any_io_executor executor, asio::any_io_executor blocking, PGconn* conn,
                       const connection_settings& settings)
    : executor_(executor),
      blocking_(std::move(blocking)),
      conn_(conn),
      pipeline_(settings.pipeline),
      unnamed_statements_(settings.transaction_pooler),
      sharing_(settings.pipeline && !settings.transaction_pooler ? settings.shared_syncs : sync_sharing::none),
      call_timeout_(settings.call_timeout),
      socket_(executor, PQsocket(conn)),
      closed_event_(executor, asio::steady_timer::time_point::max()),
      idle_event_(executor, asio::steady_timer::time_point::max()),
      watchdog_tick_(executor) {}

connection::~connection() {
  if (conn_) {
    socket_.release();
    PQfinish(conn_);
  }
}

PGTransactionStatusType connection::transaction_status() const noexcept {
  return conn_ ? PQtransactionStatus(conn_) : PQTRANS_UNKNOWN;
}

std::exception_ptr connection::connection_error(std::string_view what) const {
  return std::make_exception_ptr(db_error(db_error::kind::connection, std::string(what)));
}

template <class Send>
auto connection::submit(Send send, int statements, bool reads_only) {
  return asio::async_initiate<const asio::use_awaitable_t<>, completion>(
      [this, statements, reads_only](auto handler, Send send) {
        auto slot = asio::get_associated_cancellation_slot(handler);
        const auto id = next_id_++;
        if (pending_.empty()) last_progress_ = std::chrono::steady_clock::now();
        pending_.push_back(entry{id, std::move(handler), slot, {}, {}});
        if (!conn_) {
          fail(connection_error("the database connection is closed"));
          return;
        }
        if (slot.is_connected()) {
          slot.assign([weak = weak_from_this(), id](asio::cancellation_type) {
            if (auto self = weak.lock()) self->cancel_entry(id);
          });
        }
        auto& sent = pending_.back();
        sent.statements = statements;
        const bool sharing = shares(reads_only);
        // Kept only where a failed shared group may have to send it again; the caller's frame,
        // which it refers to, lives as long as the caller waits.
        if (sharing) sent.resend = send;
        // A call that shares no Sync must not join the group before it: that group ends first (and
        // when its Sync cannot be sent, the connection has failed every call, this one included).
        if (!sharing && unsynced_ > 0) {
          end_group();
          if (!conn_) return;
        }
        if (!send(conn_)) {
          fail(connection_error(trimmed_message(PQerrorMessage(conn_))));
          return;
        }
        if (pipeline_) {
          grouped(sharing);
        } else {
          flush();
        }
      },
      use_awaitable, std::move(send));
}

void connection::grouped(bool sharing) {
  ++unsynced_;
  if (!sharing) {
    end_group();
  } else if (!sync_posted_) {
    // Whatever else this turn of the loop sends joins the group; the Sync goes out after it.
    sync_posted_ = true;
    asio::post(executor_, [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->end_group();
    });
  }
}

void connection::end_group() {
  sync_posted_ = false;
  if (!conn_ || unsynced_ == 0) return;
  if (PQpipelineSync(conn_) != 1) {
    fail(connection_error(trimmed_message(PQerrorMessage(conn_))));
    return;
  }
  ++syncs_;
  groups_.push_back(unsynced_);
  unsynced_ = 0;
  flush();
}

bool connection::send_statement(PGconn* c, const statement& stmt, const param_list& params) const {
  auto native = params.native();
  if (unnamed_statements_)
    return PQsendQueryParams(c, stmt.sql.data(), params.size(), nullptr, native.values.data(), native.lengths.data(),
                             nullptr, 0) == 1;
  return PQsendQueryPrepared(c, stmt.name.data(), params.size(), native.values.data(), native.lengths.data(), nullptr,
                             0) == 1;
}

asio::awaitable<result> connection::execute(const statement& stmt, param_list params) {
  auto send = [&](PGconn* c) { return send_statement(c, stmt, params); };
  auto results = co_await submit(send, 1, stmt.reads_only);
  if (results.size() != 1) throw db_error(db_error::kind::protocol, "expected one result");
  co_return std::move(results.front());
}

asio::awaitable<result> connection::execute_sql(std::string_view sql, param_list params) {
  std::string text(sql);
  auto send = [&](PGconn* c) {
    auto native = params.native();
    return PQsendQueryParams(c, text.c_str(), params.size(), nullptr, native.values.data(), native.lengths.data(),
                             nullptr, 0) == 1;
  };
  auto results = co_await submit(send, 1, !may_write(sql));
  if (results.size() != 1) throw db_error(db_error::kind::protocol, "expected one result");
  co_return std::move(results.front());
}

asio::awaitable<connection::results> connection::execute_batch(const batch& statements) {
  auto send = [&](PGconn* c) {
    for (std::size_t i = 0; i < statements.size(); ++i) {
      if (!send_statement(c, statements.statement_at(i), statements.params_at(i))) return false;
    }
    return true;
  };
  bool reads_only = true;
  for (std::size_t i = 0; i < statements.size(); ++i) reads_only = reads_only && statements.statement_at(i).reads_only;
  co_return co_await submit(send, static_cast<int>(statements.size()), reads_only);
}

asio::awaitable<connection::results> connection::execute_script(std::string_view sql) {
  if (pipeline_) throw db_error(db_error::kind::protocol, "scripts need a connection without pipeline mode");
  std::string text(sql);
  auto send = [&](PGconn* c) { return PQsendQuery(c, text.c_str()) == 1; };
  co_return co_await submit(send, 1, false);
}

asio::awaitable<void> connection::prepare(std::span<const statement* const> stmts) {
  if (unnamed_statements_ || stmts.empty()) co_return;
  auto send = [&](PGconn* c) {
    for (const auto* stmt : stmts) {
      if (PQsendPrepare(c, stmt->name.data(), stmt->sql.data(), 0, nullptr) != 1) return false;
    }
    return true;
  };
  co_await submit(send, static_cast<int>(stmts.size()), true);  // parsing locks no row
}

asio::awaitable<result> connection::describe(const statement& stmt) {
  auto send = [&](PGconn* c) { return PQsendDescribePrepared(c, stmt.name.data()) == 1; };
  auto results = co_await submit(send, 1, true);
  if (results.size() != 1) throw db_error(db_error::kind::protocol, "expected one description");
  co_return std::move(results.front());
}

asio::awaitable<void> connection::copy_start(std::string_view copy_sql) { co_await execute_script(copy_sql); }

asio::awaitable<void> connection::copy_data(std::string_view rows) {
  for (;;) {
    if (!conn_) throw db_error(db_error::kind::connection, "the database connection is closed");
    const int sent = PQputCopyData(conn_, rows.data(), static_cast<int>(rows.size()));
    if (sent < 0) throw db_error(db_error::kind::connection, trimmed_message(PQerrorMessage(conn_)));
    if (sent == 1) break;
    // libpq's buffer is full: wait until the socket drains a little.
    co_await socket_.async_wait(socket_wait::wait_write, use_awaitable);
    PQflush(conn_);
  }
  flush();
}

asio::awaitable<result> connection::copy_end() {
  for (;;) {
    if (!conn_) throw db_error(db_error::kind::connection, "the database connection is closed");
    const int ended = PQputCopyEnd(conn_, nullptr);
    if (ended < 0) throw db_error(db_error::kind::connection, trimmed_message(PQerrorMessage(conn_)));
    if (ended == 1) break;
    co_await socket_.async_wait(socket_wait::wait_write, use_awaitable);
    PQflush(conn_);
  }
  // The end marker is queued; the entry collects the command's result (its send is a no-op).
  auto send = [](PGconn*) { return true; };
  auto results = co_await submit(send, 0, false);
  if (results.size() != 1) throw db_error(db_error::kind::protocol, "expected one COPY result");
  co_return std::move(results.front());
}

void connection::complete(entry& e) {
  if (!e.handler) return;  // the caller stopped waiting: the results are dropped
  if (e.slot.is_connected()) e.slot.clear();
  // Posted, never run inline: the caller's continuation must not re-enter the reader.
  asio::post(executor_, asio::append(std::move(e.handler), e.error, std::move(e.collected)));
}

void connection::cancel_entry(std::uint64_t id) {
  auto found = std::find_if(pending_.begin(), pending_.end(), [id](const entry& e) { return e.id == id; });
  if (found == pending_.end() || !found->handler) return;
  // Runs inside the slot's own handler, which must not be cleared from here.
  found->slot = {};
  found->error = std::make_exception_ptr(boost::system::system_error(asio::error::operation_aborted));
  found->collected.clear();
  complete(*found);
  // A cancel request stops whatever the server runs when it arrives, so it is sent only when the
  // abandoned statement is alone in the pipeline, and no new call is routed here (cancelling())
  // until the request has been delivered and that statement's results are back. Otherwise the
  // results are simply dropped, and statement_timeout bounds the work.
  if (found != pending_.begin() || pending_.size() != 1 || !conn_ || cancelling_) return;
  PGcancel* cancel = PQgetCancel(conn_);
  if (!cancel) return;
  cancelling_ = true;
  asio::post(blocking_, [cancel, weak = weak_from_this(), executor = executor_] {
    char error[256];
    PQcancel(cancel, error, sizeof error);
    PQfreeCancel(cancel);
    asio::post(executor, [weak] {
      if (auto self = weak.lock()) {
        self->cancel_delivered_ = true;
        self->notify_progress();
      }
    });
  });
}

void connection::flush() {
  if (writing_ || !conn_) return;
  const int outcome = PQflush(conn_);
  if (outcome < 0) {
    fail(connection_error(trimmed_message(PQerrorMessage(conn_))));
  } else if (outcome == 1) {
    writing_ = true;
    asio::co_spawn(executor_, write_loop(weak_from_this()), asio::detached);
  }
}

asio::awaitable<void> connection::write_loop(std::weak_ptr<connection> weak) {
  for (;;) {
    auto self = weak.lock();
    // use_count 1: nobody else holds the connection, so it closes as `self` goes.
    if (!self || !self->conn_ || self.use_count() == 1) co_return;
    auto wait = self->socket_.async_wait(socket_wait::wait_write, asio::as_tuple(use_awaitable));
    self.reset();
    auto [ec] = co_await std::move(wait);
    self = weak.lock();
    if (!self || !self->conn_) co_return;
    const int outcome = ec ? -1 : PQflush(self->conn_);
    if (outcome < 0)
      self->fail(self->connection_error(ec ? ec.message() : trimmed_message(PQerrorMessage(self->conn_))));
    if (outcome != 1) {
      self->writing_ = false;
      co_return;
    }
  }
}

asio::awaitable<void> connection::read_loop(std::weak_ptr<connection> weak) {
  for (;;) {
    auto self = weak.lock();
    // use_count 1: nobody else holds the connection, so it closes as `self` goes.
    if (!self || !self->conn_ || self.use_count() == 1) co_return;
    auto wait = self->socket_.async_wait(socket_wait::wait_read, asio::as_tuple(use_awaitable));
    self.reset();
    auto [ec] = co_await std::move(wait);
    self = weak.lock();
    if (!self || !self->conn_) co_return;
    if (ec) {
      self->fail(self->connection_error(ec.message()));
      co_return;
    }
    // Read until the socket is empty: libpq reads one buffer's worth per call, and under load the
    // loop serves thousands of client sockets before it comes back to this one.
    do {
      if (!PQconsumeInput(self->conn_)) {
        self->fail(self->connection_error(trimmed_message(PQerrorMessage(self->conn_))));
        co_return;
      }
      self->last_progress_ = std::chrono::steady_clock::now();
      self->drain_results();
    } while (self->conn_ && self->bytes_readable() > 0);
  }
}

std::size_t connection::bytes_readable() {
  asio::posix::stream_descriptor::bytes_readable command(true);
  boost::system::error_code ec;
  socket_.io_control(command, ec);
  return ec ? 0 : command.get();
}

asio::awaitable<void> connection::watchdog(std::weak_ptr<connection> weak) {
  const auto timeout = weak.lock()->call_timeout_;
  // Checked four times per timeout: a dead connection is declared within 1.25 × the timeout.
  for (;;) {
    auto self = weak.lock();
    if (!self || !self->conn_) co_return;
    self->watchdog_tick_.expires_after(timeout / 4);
    auto wait = self->watchdog_tick_.async_wait(asio::as_tuple(use_awaitable));
    self.reset();
    co_await std::move(wait);
    self = weak.lock();
    if (!self || !self->conn_ || self.use_count() == 1) co_return;
    if (!self->pending_.empty() && std::chrono::steady_clock::now() - self->last_progress_ > timeout)
      self->fail(self->connection_error("the database sent nothing within DB_CALL_TIMEOUT_MS; connection dropped"));
  }
}

void connection::drain_results() {
  // In pipeline mode a NULL after a statement's results ends that statement; a NULL after
  // anything else means nothing more has arrived.
  bool statement_open = false;
  while (conn_ && !pending_.empty() && !PQisBusy(conn_)) {
    PGresult* native = PQgetResult(conn_);
    if (native) {
      statement_open = accept_result(native);
      continue;
    }
    if (!pipeline_) {
      // Without pipeline mode a NULL ends the call's results.
      complete(pending_.front());
      pending_.pop_front();
      notify_progress();
      continue;
    }
    if (!statement_open) break;
    statement_open = false;
    // The call whose statements are being answered moves on once all of them are.
    if (reading_ < pending_.size() && ++pending_[reading_].answered >= pending_[reading_].statements) ++reading_;
  }
}

connection::entry& connection::answering() {
  // An error after the group's last statement (at its commit) is the last call's.
  const auto group = groups_.empty() ? pending_.size() : groups_.front();
  return pending_[std::min(reading_, std::max<std::size_t>(group, 1) - 1)];
}

bool connection::accept_result(PGresult* native) {
  result r(native);
  switch (PQresultStatus(native)) {
    case PGRES_COPY_IN:
      // The server waits for rows: hand control back to the caller of copy_start.
      complete(pending_.front());
      pending_.pop_front();
      return false;
    case PGRES_PIPELINE_SYNC:
      finish_group();
      notify_progress();
      return false;
    case PGRES_FATAL_ERROR: {
      auto& e = answering();
      if (!e.error) e.error = server_error(native);
      e.failed_here = true;
      return true;
    }
    case PGRES_PIPELINE_ABORTED: {
      auto& e = answering();
      if (!e.error)
        e.error = std::make_exception_ptr(db_error(db_error::kind::server, "statement skipped: the batch failed"));
      return true;
    }
    default: answering().collected.push_back(std::move(r)); return true;
  }
}

void connection::finish_group() {
  const auto size = std::min(groups_.empty() ? std::size_t{1} : groups_.front(), pending_.size());
  if (!groups_.empty()) groups_.pop_front();
  reading_ = 0;
  // One implicit transaction for the whole group: when one call's statement failed, the others'
  // were rolled back or skipped. That call gets its error; the others, which had no effect, are
  // sent again in a later group.
  const auto failing =
      std::find_if(pending_.begin(), pending_.begin() + size, [](const entry& e) { return e.failed_here; });
  const bool alone = size == 1;
  std::vector<entry> again;
  for (auto it = pending_.begin(); it != pending_.begin() + size; ++it) {
    if (failing == pending_.begin() + size || it == failing || alone) {
      complete(*it);
    } else if (it->handler) {
      it->collected.clear();
      it->error = nullptr;
      it->answered = 0;
      it->failed_here = false;
      again.push_back(std::move(*it));
    }
  }
  pending_.erase(pending_.begin(), pending_.begin() + size);
  for (auto& e : again) {
    pending_.push_back(std::move(e));
    ++resent_;
    if (!pending_.back().resend(conn_)) {
      fail(connection_error(trimmed_message(PQerrorMessage(conn_))));
      return;
    }
    grouped(true);  // only calls that share were in a group with others
  }
}

void connection::fail(std::exception_ptr error) {
  auto failed = std::move(pending_);
  pending_.clear();
  groups_.clear();
  unsynced_ = 0;
  reading_ = 0;
  for (auto& e : failed) {
    e.error = error;
    e.collected.clear();
    complete(e);
  }
  if (conn_) {
    socket_.release();
    PQfinish(conn_);
    conn_ = nullptr;
  }
  closed_event_.cancel();
  watchdog_tick_.cancel();
  notify_progress();
}

void connection::close(std::string_view reason) { fail(connection_error(reason)); }

void connection::notify_progress() {
  if (pending_.empty()) idle_event_.cancel();
  if (cancelling_ && cancel_delivered_ && pending_.empty()) cancelling_ = cancel_delivered_ = false;
  if (progress_listener_) progress_listener_();
}

asio::awaitable<void> connection::wait_closed() {
  while (conn_) co_await closed_event_.async_wait(asio::as_tuple(use_awaitable));
}

asio::awaitable<void> connection::wait_idle() {
  while (conn_ && !pending_.empty()) co_await idle_event_.async_wait(asio::as_tuple(use_awaitable));
}

}  // namespace folio::db
