#include "net/admission.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace folio::net {

bool connection_limit::try_open() noexcept {
  if (open_.fetch_add(1, std::memory_order_relaxed) < max_) return true;
  open_.fetch_sub(1, std::memory_order_relaxed);
  refused_.fetch_add(1, std::memory_order_relaxed);
  return false;
}

bool request_gate::try_enter() noexcept {
  if (running_ >= settings_.max_running) return false;
  ++running_;
  return true;
}

boost::asio::awaitable<request_gate::verdict> request_gate::enter(bool first_on_connection) {
  if (try_enter()) co_return verdict::admitted;
  if (queue_.size() >= settings_.max_queued) {
    shed_.fetch_add(1, std::memory_order_relaxed);
    co_return verdict::queue_full;
  }
  auto place = first_on_connection ? queue_.begin() : queue_.end();
  auto it = queue_.insert(place, waiter{boost::asio::steady_timer(executor_, settings_.max_wait)});
  co_await it->wake.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  // leave() hands its place over (running_ stays counted) and cancels the timer.
  const bool admitted = it->admitted;
  (admitted ? handed_ : queue_).erase(it);
  if (admitted) co_return verdict::admitted;
  shed_.fetch_add(1, std::memory_order_relaxed);
  co_return verdict::waited_too_long;
}

void request_gate::leave() noexcept {
  if (queue_.empty()) {
    --running_;
    return;
  }
  auto first = queue_.begin();
  first->admitted = true;
  first->wake.cancel();
  handed_.splice(handed_.end(), queue_, first);
}

}  // namespace folio::net
