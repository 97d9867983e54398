#pragma once
// One libpq connection driven by Asio without ever blocking the loop.
//
// In pipeline mode many callers share the connection: each call sends its statement(s) and
// appends an entry to a FIFO, and a Sync ends a group of calls; the reader files each result with
// the call whose statements it answers and finishes the group at its PGRES_PIPELINE_SYNC. By
// default a group is one call, so one failing statement aborts only its own call. With shared
// Syncs a group is every call of one turn of the event loop, one implicit transaction: the call
// whose statement failed gets its error, and the others, rolled back or skipped, are sent again.
// A caller that is cancelled (deadline, client gone) stops waiting at once; its entry stays in
// the FIFO and its results are read and dropped, and when it is the statement running now a
// cancel request is sent from a helper thread (PQcancel blocks in libpq 15) — only when it is the
// sole statement in flight, since a cancel request stops whatever runs when it arrives.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/batch.hpp"
#include "db/params.hpp"
#include "db/result.hpp"
#include "db/statement.hpp"

namespace folio::db {

namespace asio = boost::asio;

// Which calls may share a Sync with other callers' (DB_SHARED_SYNC).
enum class sync_sharing {
  none,   // a Sync after every call
  reads,  // calls whose statements all read only (statement::reads_only): no row lock is held
          // across callers, so groups on different connections never wait for one another
  all,    // every call: writes share commits too, and may wait for or deadlock with other groups
};

struct connection_settings {
  std::string conninfo;  // a libpq URI or keyword/value string (DATABASE_URL)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds statement_timeout{5000};
  // A connection with calls in flight that reads nothing from the server for this long is
  // declared dead: its calls fail (connection error → 503) and it closes, so that a peer that
  // vanished without a word (a blackholed network) is noticed. Zero: never (long-running admin
  // work). Also libpq's tcp_user_timeout, next to TCP keepalives, for what the kernel can tell.
  std::chrono::milliseconds call_timeout{10000};
  bool pipeline = true;  // off for migrations, which need the simple query protocol
  // The connection string leads to a pooler that lends a server connection for one transaction
  // at a time (PgBouncer's pool_mode = transaction): a statement prepared by name on one server
  // connection is unknown on the next, and session settings would leak between its clients. So
  // statements go unnamed (Parse, Bind and Execute before each Sync, parsed and planned anew each
  // call) and the `options` start-up parameter is not sent (the pooler or the role sets them).
  bool transaction_pooler = false;
  // Which calls made in the same turn of the event loop share one Sync, hence one implicit
  // transaction and one commit (one WAL flush for many writes). A call whose statement fails gets
  // its error; the others of its group, rolled back or skipped with it, are sent again. Off
  // behind a transaction pooler (one call in flight anyway) and without pipeline mode.
  sync_sharing shared_syncs = sync_sharing::none;
  std::string application_name = "folio";
};

class connection : public std::enable_shared_from_this<connection> {
 public:
  using results = std::vector<result>;
  using completion = void(std::exception_ptr, results);

  // Resolves the host with Asio, then runs PQconnectStartParams/PQconnectPoll on the loop.
  // `blocking` runs PQcancel, which blocks, away from the loop.
  static asio::awaitable<std::shared_ptr<connection>> open(asio::any_io_executor executor,
                                                           asio::any_io_executor blocking,
                                                           const connection_settings& settings);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // A statement (prepared first with prepare(), unless behind a transaction pooler), in its own
  // implicit transaction.
  asio::awaitable<result> execute(const statement& stmt, param_list params);
  // An unnamed statement with parameters (BEGIN, COMMIT, one-off queries).
  asio::awaitable<result> execute_sql(std::string_view sql, param_list params = {});
  // Several statements as one implicit transaction: one sync for the batch, all or nothing.
  asio::awaitable<results> execute_batch(const batch& statements);
  // Simple query protocol, several statements in one string; only without pipeline mode.
  asio::awaitable<results> execute_script(std::string_view sql);
  // Prepares every statement by name; does nothing behind a transaction pooler.
  asio::awaitable<void> prepare(std::span<const statement* const> stmts);

  // COPY … FROM STDIN, without pipeline mode: start it, stream rows in PostgreSQL's text format
  // (waiting whenever libpq's buffer is full), then end it and get the command's result.
  asio::awaitable<void> copy_start(std::string_view copy_sql);
  asio::awaitable<void> copy_data(std::string_view rows);
  asio::awaitable<result> copy_end();
  asio::awaitable<result> describe(const statement& stmt);

  bool is_open() const noexcept { return conn_ != nullptr; }
  // While a cancel request is on its way, new calls must go elsewhere (see cancel_entry).
  bool cancelling() const noexcept { return cancelling_; }
  std::size_t depth() const noexcept { return pending_.size(); }
  // Calls sent again because another call of their shared group failed.
  std::uint64_t resent() const noexcept { return resent_; }
  // Syncs sent: with shared Syncs, fewer than the calls.
  std::uint64_t syncs() const noexcept { return syncs_; }
  PGTransactionStatusType transaction_status() const noexcept;

  // Called (on the loop) whenever an entry completes or the connection closes: the pool uses it
  // to wake callers waiting for capacity.
  void on_progress(std::function<void()> listener) { progress_listener_ = std::move(listener); }
  // Completes when the connection has closed, for whatever reason.
  asio::awaitable<void> wait_closed();
  // Completes when no call is in flight.
  asio::awaitable<void> wait_idle();
  // Fails every pending call, releases the socket from Asio and finishes the libpq connection.
  // Dropping the last shared_ptr does the same.
  void close(std::string_view reason = "connection closed");

  // Set by the pool while a transaction holds this connection exclusively.
  bool reserved = false;

 private:
  struct entry {
    std::uint64_t id;
    asio::any_completion_handler<completion> handler;  // empty once the caller stopped waiting
    asio::cancellation_slot slot;
    results collected;
    std::exception_ptr error;
    int statements = 0;                   // statements the call sent
    int answered = 0;                     // of those, the ones whose results have all arrived
    bool failed_here = false;             // one of its own statements failed (not merely skipped)
    std::function<bool(PGconn*)> resend;  // with shared Syncs: sends its statements again
  };

  connection(asio::any_io_executor executor, asio::any_io_executor blocking, PGconn* conn,
             const connection_settings& settings);
  // Sends one statement of a call: by name when it is prepared here, otherwise with its text.
  bool send_statement(PGconn* c, const statement& stmt, const param_list& params) const;

  // Whether a call of read-only statements, or of others, joins the group of its loop turn.
  bool shares(bool reads_only) const noexcept {
    return sharing_ == sync_sharing::all || (sharing_ == sync_sharing::reads && reads_only);
  }
  template <class Send>
  auto submit(Send send, int statements, bool reads_only);
  // Counts a call into the group that the next Sync ends, and sends or schedules that Sync (at
  // once for a call that shares none).
  void grouped(bool sharing);
  void end_group();
  // The call whose statements the results arriving now answer.
  entry& answering();
  // At a group's Sync: completes its calls, or, when one failed, sends the others again.
  void finish_group();
  void start(std::function<bool(PGconn*)> send, asio::any_completion_handler<completion> handler);
  void complete(entry& e);
  void cancel_entry(std::uint64_t id);
  void flush();
  // The loops hold the connection only weakly: dropping the last handle closes it, and a loop
  // that wakes up afterwards just ends.
  static asio::awaitable<void> write_loop(std::weak_ptr<connection> weak);
  static asio::awaitable<void> read_loop(std::weak_ptr<connection> weak);
  static asio::awaitable<void> watchdog(std::weak_ptr<connection> weak);
  void drain_results();
  std::size_t bytes_readable();
  // Files one result with its call; true when it belongs to a statement (a NULL follows).
  bool accept_result(PGresult* native);
  void fail(std::exception_ptr error);
  void notify_progress();
  std::exception_ptr connection_error(std::string_view what) const;

  asio::any_io_executor executor_;
  asio::any_io_executor blocking_;
  PGconn* conn_;
  bool pipeline_;
  bool unnamed_statements_;
  sync_sharing sharing_;
  std::chrono::milliseconds call_timeout_;
  // When the server last sent anything, or when calls started waiting after an idle spell.
  std::chrono::steady_clock::time_point last_progress_;
  asio::posix::stream_descriptor socket_;
  std::deque<entry> pending_;
  std::deque<std::size_t> groups_;  // calls per Sync sent and not yet answered, oldest first
  std::size_t unsynced_ = 0;        // calls sent since the last Sync
  std::size_t reading_ = 0;         // index in pending_ of the call the arriving results answer
  bool sync_posted_ = false;
  std::uint64_t resent_ = 0;
  std::uint64_t syncs_ = 0;
  std::uint64_t next_id_ = 1;
  bool writing_ = false;
  bool cancelling_ = false;
  bool cancel_delivered_ = false;
  asio::steady_timer closed_event_;
  asio::steady_timer idle_event_;
  asio::steady_timer watchdog_tick_;
  std::function<void()> progress_listener_;
};

}  // namespace folio::db
