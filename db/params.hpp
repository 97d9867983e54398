#pragma once
// Statement parameters in text format, built without heap allocation for the common types.
// libpq reads text parameters as NUL-terminated strings, so only named std::string objects and
// string literals are borrowed; a temporary std::string is moved in and owned (borrowing it would
// dangle once the full expression ends), and a string_view (which may not be terminated) is
// copied. Values are stored by kind and turned into libpq's pointer arrays only at send time, so
// a param_list may be moved (into a coroutine frame) safely.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace folio::db {

class param_list {
 public:
  static constexpr int capacity = 16;

  void add(std::nullopt_t) { push(kind::null, {}); }
  void add(std::string_view text) { add_owned(std::string(text)); }
  void add(const std::string& text) { push(kind::borrowed, text); }
  void add(std::string&& text) { add_owned(std::move(text)); }
  void add(const char* text) { push(kind::borrowed, text); }
  void add(bool value) { push(kind::borrowed, value ? "t" : "f"); }
  void add(std::int64_t value);
  void add(int value) { add(static_cast<std::int64_t>(value)); }
  // A PostgreSQL array literal (text[]); every element is quoted and escaped.
  void add(const std::vector<std::string>& values);
  template <class T>
  void add(const std::optional<T>& value) {
    if (value)
      add(*value);
    else
      add(std::nullopt);
  }
  template <class T>
  void add(std::optional<T>&& value) {
    if (value)
      add(std::move(*value));
    else
      add(std::nullopt);
  }

  int size() const noexcept { return size_; }

  // Pointer arrays for PQsendQueryPrepared; valid while *this is neither moved nor changed.
  struct native_view {
    std::array<const char*, capacity> values;
    std::array<int, capacity> lengths;
  };
  native_view native() const;

 private:
  enum class kind : std::uint8_t { null, borrowed, number, owned };
  void push(kind k, std::string_view text);
  void add_owned(std::string text);

  int size_ = 0;
  std::array<kind, capacity> kinds_{};
  std::array<std::string_view, capacity> borrowed_{};
  std::array<std::array<char, 24>, capacity> numbers_{};
  std::array<std::uint8_t, capacity> number_lengths_{};
  std::vector<std::string> owned_;
  std::array<std::uint8_t, capacity> owned_index_{};
};

// Named values are borrowed and must outlive the list; temporaries are owned by it.
template <class... Args>
param_list make_params(Args&&... args) {
  static_assert(sizeof...(Args) <= param_list::capacity, "too many statement parameters");
  param_list list;
  (list.add(std::forward<Args>(args)), ...);
  return list;
}

}  // namespace folio::db
