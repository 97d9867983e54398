#include "app/runtime/log_writer.hpp"

#include <unistd.h>

#include <cerrno>

namespace folio::app::log {
namespace {

void write_all(int descriptor, std::string_view text) {
  while (!text.empty()) {
    const auto written = ::write(descriptor, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;  // nowhere to write: nothing better to do with a log line
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

log_writer::log_writer(std::size_t capacity, int descriptor) : capacity_(capacity), descriptor_(descriptor) {
  queue_.reserve(capacity_);
  thread_ = std::thread([this] { drain(); });
}

log_writer::~log_writer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

bool log_writer::push(std::string line) {
  std::unique_lock lock(mutex_);
  if (queue_.size() >= capacity_) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  queue_.push_back(std::move(line));
  // Only a sleeping writer needs a notification (a system call); a busy one takes the line next.
  const bool wake = asleep_;
  asleep_ = false;
  lock.unlock();
  if (wake) wake_.notify_one();
  return true;
}

void log_writer::drain() {
  std::vector<std::string> batch;
  batch.reserve(capacity_);
  std::string text;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (queue_.empty()) {
      if (stopping_) return;
      asleep_ = true;
      wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      continue;
    }
    batch.swap(queue_);
    lock.unlock();
    text.clear();
    for (const auto& line : batch) text += line;
    write_all(descriptor_, text);  // one system call for the whole batch
    batch.clear();
    lock.lock();
  }
}

}  // namespace folio::app::log
