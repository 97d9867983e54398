#include "app/web/prometheus_text.hpp"

#include <charconv>

namespace folio::app {
namespace {

// Label values escape backslash, double quote and line feed; HELP text escapes backslash and
// line feed only.
void append_escaped(std::string& out, std::string_view text, bool quotes) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && quotes)
      out += "\\\"";
    else
      out += c;
  }
}

}  // namespace

void prometheus_text::family(std::string_view name, std::string_view type, std::string_view help) {
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  append_escaped(text_, help, false);
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += type;
  text_ += '\n';
}

void prometheus_text::sample(std::string_view name, std::initializer_list<label> labels, std::uint64_t v) {
  series(name, {}, labels);
  value(v);
}

void prometheus_text::sample(std::string_view name, std::initializer_list<label> labels, double v) {
  series(name, {}, labels);
  value(v);
}

void prometheus_text::histogram(std::string_view name, std::initializer_list<label> labels,
                                const histogram_counts& counts) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts.buckets.size(); ++i) {
    cumulative += counts.buckets[i];
    char bound[32] = "+Inf";
    std::size_t length = 4;
    if (i < counts.bounds.size())  // fixed notation: le="0.0005" rather than le="5e-04"
      length = std::to_chars(bound, bound + sizeof bound, counts.bounds[i], std::chars_format::fixed).ptr - bound;
    series(name, "_bucket", labels, {bound, length});
    value(cumulative);
  }
  series(name, "_sum", labels);
  value(counts.sum);
  series(name, "_count", labels);
  value(counts.count);
}

void prometheus_text::series(std::string_view name, std::string_view suffix, std::initializer_list<label> labels,
                             std::string_view le) {
  text_ += name;
  text_ += suffix;
  if (labels.size() == 0 && le.empty()) return;
  char separator = '{';
  for (const auto& l : labels) {
    text_ += separator;
    text_ += l.name;
    text_ += "=\"";
    append_escaped(text_, l.value, true);
    text_ += '"';
    separator = ',';
  }
  if (!le.empty()) {
    text_ += separator;
    text_ += "le=\"";
    text_ += le;
    text_ += '"';
  }
  text_ += '}';
}

void prometheus_text::value(std::uint64_t v) {
  char digits[24];
  text_ += ' ';
  text_.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
  text_ += '\n';
}

void prometheus_text::value(double v) {
  char digits[32];
  text_ += ' ';
  text_.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
  text_ += '\n';
}

}  // namespace folio::app
