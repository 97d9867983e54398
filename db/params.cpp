#include "db/params.hpp"

#include <charconv>
#include <stdexcept>

namespace folio::db {

void param_list::push(kind k, std::string_view text) {
  if (size_ == capacity) throw std::length_error("param_list: too many parameters");
  kinds_[size_] = k;
  borrowed_[size_] = text;
  ++size_;
}

void param_list::add(std::int64_t value) {
  if (size_ == capacity) throw std::length_error("param_list: too many parameters");
  auto& buffer = numbers_[size_];
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size() - 1, value);
  *end = '\0';
  number_lengths_[size_] = static_cast<std::uint8_t>(end - buffer.data());
  push(kind::number, {});
}

void param_list::add(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (const auto& value : values) {
    if (literal.size() > 1) literal += ',';
    literal += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  literal += '}';
  add_owned(std::move(literal));
}

void param_list::add_owned(std::string text) {
  if (size_ == capacity) throw std::length_error("param_list: too many parameters");
  owned_index_[size_] = static_cast<std::uint8_t>(owned_.size());
  owned_.push_back(std::move(text));
  push(kind::owned, {});
}

param_list::native_view param_list::native() const {
  native_view view{};
  for (int i = 0; i < size_; ++i) {
    switch (kinds_[i]) {
      case kind::null: view.values[i] = nullptr; break;
      case kind::borrowed:
        view.values[i] = borrowed_[i].data();
        view.lengths[i] = static_cast<int>(borrowed_[i].size());
        break;
      case kind::number:
        view.values[i] = numbers_[i].data();
        view.lengths[i] = number_lengths_[i];
        break;
      case kind::owned:
        view.values[i] = owned_[owned_index_[i]].data();
        view.lengths[i] = static_cast<int>(owned_[owned_index_[i]].size());
        break;
    }
  }
  return view;
}

}  // namespace folio::db
