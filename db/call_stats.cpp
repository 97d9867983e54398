#include "db/call_stats.hpp"

#include <algorithm>

namespace folio::db {
namespace {

constexpr std::string_view class_digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

}  // namespace

void call_stats::record(std::chrono::steady_clock::duration took, const db_error* failure) noexcept {
  const std::chrono::duration<double> seconds = took;
  const auto bucket = std::lower_bound(bounds_seconds.begin(), bounds_seconds.end(), seconds.count());
  ++buckets[static_cast<std::size_t>(bucket - bounds_seconds.begin())];
  ++count;
  total += std::chrono::duration_cast<std::chrono::microseconds>(took);
  if (!failure) return;
  ++errors_by_kind[static_cast<std::size_t>(failure->error_kind())];
  if (const auto index = sqlstate_class(failure->sqlstate()); index < sqlstate_classes) ++errors_by_class[index];
}

call_stats& call_stats::operator+=(const call_stats& other) noexcept {
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += other.buckets[i];
  count += other.count;
  total += other.total;
  for (std::size_t i = 0; i < errors_by_class.size(); ++i) errors_by_class[i] += other.errors_by_class[i];
  for (std::size_t i = 0; i < errors_by_kind.size(); ++i) errors_by_kind[i] += other.errors_by_kind[i];
  return *this;
}

std::size_t call_stats::sqlstate_class(std::string_view sqlstate) noexcept {
  if (sqlstate.size() < 2) return sqlstate_classes;
  const auto high = class_digits.find(sqlstate[0]), low = class_digits.find(sqlstate[1]);
  if (high == std::string_view::npos || low == std::string_view::npos) return sqlstate_classes;
  return high * class_digits.size() + low;
}

std::array<char, 2> call_stats::class_name(std::size_t index) noexcept {
  return {class_digits[index / class_digits.size()], class_digits[index % class_digits.size()]};
}

}  // namespace folio::db
