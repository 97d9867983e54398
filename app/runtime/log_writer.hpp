#pragma once
// Writes log lines from a thread of its own, so that logging never makes an event loop wait for
// a slow terminal, pipe or disk: lines wait in a bounded queue, and a line that finds the queue
// full is dropped and counted, never waited for. The lock guards only a push or a swap of the
// queue, never a write.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace folio::app::log {

class log_writer {
 public:
  log_writer(std::size_t capacity, int descriptor);
  // Writes every line still queued, then stops the thread.
  ~log_writer();
  log_writer(const log_writer&) = delete;
  log_writer& operator=(const log_writer&) = delete;

  // False when the queue is full: the line is dropped and counted.
  bool push(std::string line);
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

 private:
  void drain();

  const std::size_t capacity_;
  const int descriptor_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::string> queue_;
  bool asleep_ = false;  // the writer waits for lines: the next push must wake it (and only that one)
  bool stopping_ = false;
  std::atomic<std::uint64_t> dropped_{0};
  std::thread thread_;
};

}  // namespace folio::app::log
