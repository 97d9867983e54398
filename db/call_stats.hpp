#pragma once
// How a pool's calls went, as plain counters for whoever reports them: how long each took, from
// the call to its result (a histogram with fixed bounds), and how the failed ones failed. Written
// only on the pool's own event loop; a reader copies them there.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "db/error.hpp"

namespace folio::db {

struct call_stats {
  // Upper bounds of the latency buckets, in seconds; the last bucket has no bound (+Inf).
  static constexpr std::array<double, 13> bounds_seconds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                         0.1,    0.25,  0.5,    1,     2.5,  5};
  // SQLSTATE classes are two characters of [0-9A-Z]: one counter for each possible class.
  static constexpr std::size_t sqlstate_classes = 36 * 36;
  static constexpr std::size_t kinds = 4;  // db_error::kind

  std::array<std::uint64_t, bounds_seconds.size() + 1> buckets{};  // per bucket, not cumulative
  std::uint64_t count = 0;
  std::chrono::microseconds total{0};
  std::array<std::uint64_t, sqlstate_classes> errors_by_class{};  // errors the server reported
  std::array<std::uint64_t, kinds> errors_by_kind{};              // every error, by kind

  // A call that ended after `took`, with `failure` when it failed (a cancelled call is not counted).
  void record(std::chrono::steady_clock::duration took, const db_error* failure = nullptr) noexcept;
  call_stats& operator+=(const call_stats& other) noexcept;

  // "23" for the index of class 23, and back; sqlstate_class is sqlstate_classes when the
  // SQLSTATE is not two such characters.
  static std::size_t sqlstate_class(std::string_view sqlstate) noexcept;
  static std::array<char, 2> class_name(std::size_t index) noexcept;
};

}  // namespace folio::db
