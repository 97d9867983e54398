#pragma once
// Argon2id password hashing (libsodium) on a small, bounded pool of threads of its own.
//
// A hash costs tens of milliseconds of CPU and tens of MiB of memory by design; done on an
// io_context thread it would stall every other request of that loop. Callers co_await the
// result, which comes back on their own executor. The queue of waiting jobs is bounded: past
// it, callers are refused at once (nullopt; the API answers 503) instead of waiting behind a backlog that only grows.
// One hasher serves the whole process, so the bound holds across all event loops.
//
// Jobs come in two lanes so that a flood of sign-ups cannot starve logins: new hashes
// (registrations, password changes) may fill at most half of the queue (rounded up), so the
// other half is always free for checks (logins, current-password checks); and when both lanes
// have jobs waiting, the threads take from them in turn, so a check waits behind at most one new
// hash per thread, however long the new-hash lane is.
#include <boost/asio/awaitable.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace folio::app {

class password_hasher {
 public:
  // Argon2id's work factors, as libsodium's opslimit (passes) and memlimit (bytes).
  struct cost {
    unsigned long long opslimit;
    std::size_t memlimit;
  };
  // OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE: libsodium's choice for online logins.
  static cost interactive();
  // The least libsodium accepts: for tests only, where hundreds of hashes must be quick.
  static cost minimum();

  password_hasher(std::size_t threads, std::size_t max_queued, cost c);
  ~password_hasher();
  password_hasher(const password_hasher&) = delete;
  password_hasher& operator=(const password_hasher&) = delete;

  // The encoded hash ($argon2id$…, salt and cost included); nullopt when the queue, or the
  // new-hash lane's share of it, is full.
  boost::asio::awaitable<std::optional<std::string>> hash(std::string password);
  // Whether password matches stored. Without a stored hash (an unknown user) it checks against
  // a dummy hash of the same cost and answers false, so that the answer takes as long either
  // way and timing does not tell which accounts exist. nullopt when the queue is full.
  boost::asio::awaitable<std::optional<bool>> verify(std::optional<std::string> stored, std::string password);
  // Jobs waiting for a thread, both lanes together (for /metrics).
  std::size_t queued() const;

  struct job;  // one queued computation; defined in the .cpp

 private:
  enum class lane { check, new_hash };

  // Runs work on a hash thread; nullopt when its lane is full.
  template <class T>
  boost::asio::awaitable<std::optional<T>> run(std::function<T()> work, lane l);
  bool enqueue(std::unique_ptr<job>& next, lane l);
  // The next job to run, taking turns between the lanes; the lock is held, some lane has a job.
  std::unique_ptr<job> take_next();
  void serve_jobs();

  cost cost_;
  std::string dummy_hash_;
  std::size_t max_queued_;      // both lanes together
  std::size_t max_new_hashes_;  // the new-hash lane's share of max_queued_
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<job>> checks_;
  std::deque<std::unique_ptr<job>> new_hashes_;
  bool last_was_check_ = false;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace folio::app
