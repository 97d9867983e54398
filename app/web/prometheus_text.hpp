#pragma once
// The Prometheus text exposition format, version 0.0.4: families one after the other, each with
// its HELP and TYPE lines first, label values escaped. Only the scrape uses it: it may allocate.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace folio::app {

class prometheus_text {
 public:
  static constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

  struct label {
    std::string_view name;
    std::string_view value;
  };
  // A histogram's buckets as counted: `buckets[i]` counts the observations in (bounds[i-1], bounds[i]],
  // and one more bucket past the last bound; rendering makes them cumulative.
  struct histogram_counts {
    std::span<const double> bounds;
    std::span<const std::uint64_t> buckets;
    std::uint64_t count;
    double sum;
  };

  // Starts a family: `type` is counter, gauge or histogram.
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, std::initializer_list<label> labels, std::uint64_t value);
  void sample(std::string_view name, std::initializer_list<label> labels, double value);
  void histogram(std::string_view name, std::initializer_list<label> labels, const histogram_counts& counts);

  const std::string& text() const noexcept { return text_; }

 private:
  // Writes `name{labels…` and, when given, the `le` label, then closes the braces.
  void series(std::string_view name, std::string_view suffix, std::initializer_list<label> labels,
              std::string_view le = {});
  void value(std::uint64_t v);
  void value(double v);

  std::string text_;
};

}  // namespace folio::app
