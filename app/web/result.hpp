#pragma once
// An expected outcome as a value: either what was asked for, or the problem to answer with.
#include <utility>
#include <variant>

#include "net/problem.hpp"

namespace folio::app {

template <class T>
class result {
 public:
  result(T value) : state_(std::move(value)) {}
  result(net::problem p) : state_(std::move(p)) {}

  explicit operator bool() const noexcept { return state_.index() == 0; }
  T& operator*() { return std::get<0>(state_); }
  T* operator->() { return &std::get<0>(state_); }
  const net::problem& problem() const { return std::get<1>(state_); }

 private:
  std::variant<T, net::problem> state_;
};

}  // namespace folio::app
