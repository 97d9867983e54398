#pragma once
// Reading a JSON request body by the contract's rules: JSON content type, valid UTF-8, an
// object; strings trimmed (except bodies and passwords) and measured in code points; every
// broken or unknown field reported at once. The same accessors that check a field also describe
// it (form_schema), so the API description of a body is the code that reads it.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "app/web/result.hpp"
#include "net/problem.hpp"
#include "net/request.hpp"

namespace folio::app {

// The body as a JSON object, or the 400/415 problem to answer.
std::variant<boost::json::object, net::problem> read_json_object(const net::request& req);

// `optional_or_null`: absent and null both mean "none" (for a field that answers show as null,
// such as a comment's parent_id).
enum class presence { optional, optional_or_null, required };
enum class trimming { trim, keep };  // `keep` for bodies and passwords

// What a form's accessors declared: a JSON Schema property per field, and the required ones.
struct form_description {
  boost::json::object properties;
  boost::json::array required;
};

class body_reader {
 public:
  explicit body_reader(const boost::json::object& body) : body_(body) {}
  // A reader that also writes each field it is asked for into `described`.
  body_reader(const boost::json::object& body, form_description& described) : body_(body), described_(&described) {}

  // Each accessor marks its field as known. An absent field is nullopt (an error if required);
  // a present one that breaks a rule is nullopt plus an error naming the field.
  std::optional<std::string> text(std::string_view name, std::size_t min_length, std::size_t max_length,
                                  presence p = presence::optional, trimming t = trimming::trim);
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max,
                                      presence p = presence::optional);
  std::optional<bool> boolean(std::string_view name, presence p = presence::optional);
  // A text that must be one of `allowed` (compared as sent, after trimming).
  std::optional<std::string> choice(std::string_view name, std::span<const std::string_view> allowed,
                                    presence p = presence::optional);
  // An array of strings, each trimmed and lowercased, de-duplicated in first-seen order.
  std::optional<std::vector<std::string>> lowercase_words(std::string_view name, std::size_t max_items,
                                                          bool (*valid)(std::string_view), std::string_view rule);
  // A rule beyond the accessor's own, checked on the value it read (which is dropped when it
  // breaks the rule, the error being "`rule`"); the rule is the field's description too.
  void check(std::string_view name, std::optional<std::string>& value, bool (*valid)(std::string_view),
             std::string_view rule);
  bool contains(std::string_view name) const { return body_.contains(name); }
  void reject(std::string_view field, std::string message);
  // The errors so far plus one per field that no accessor read.
  std::vector<net::field_error> finish();

 private:
  const boost::json::value* field(std::string_view name, presence p);
  std::optional<std::string> read_text(std::string_view name, std::size_t min_length, std::size_t max_length,
                                       presence p, trimming t);
  // Records the field's schema when this reader describes; `make` runs only then.
  template <class MakeSchema>
  void describe(std::string_view name, presence p, MakeSchema make) {
    if (!described_) return;
    boost::json::object schema = make();
    if (p == presence::optional_or_null) schema["type"] = boost::json::array{schema["type"], "null"};
    described_->properties[name] = std::move(schema);
    if (p == presence::required) described_->required.emplace_back(name);
  }

  const boost::json::object& body_;
  form_description* described_ = nullptr;
  std::vector<std::string> known_;
  std::vector<net::field_error> errors_;
};

// Reads the request's body as a JSON object and lets `read_fields(reader, object)` take the fields
// it accepts (it may first adjust the object, e.g. drop a field whose null means "absent"). Any
// error, including one per field it did not read, makes the whole body a 422 listing them all.
// `read_fields` returns the form, or nullopt when a required field is missing or broken (the
// reader then holds that error).
template <class Form, class ReadFields>
result<Form> read_form(const net::request& req, ReadFields read_fields) {
  auto body = read_json_object(req);
  if (auto* bad = std::get_if<net::problem>(&body)) return std::move(*bad);
  auto& object = std::get<boost::json::object>(body);
  body_reader in(object);
  std::optional<Form> form = read_fields(in, object);
  if (auto errors = in.finish(); !errors.empty()) return net::validation_failed(std::move(errors));
  return std::move(*form);  // no errors: every required field was read
}

// The JSON Schema of the bodies `read_fields` accepts (as read_form takes it, or taking the reader
// alone): it is run on an empty object by a describing reader. Fields not listed are 422.
template <auto read_fields>
boost::json::object form_schema() {
  boost::json::object empty;
  form_description described;
  body_reader in(empty, described);
  if constexpr (std::is_invocable_v<decltype(read_fields), body_reader&>)
    read_fields(in);
  else
    read_fields(in, empty);
  return {{"type", "object"},
          {"properties", std::move(described.properties)},
          {"required", std::move(described.required)},
          {"additionalProperties", false}};
}

}  // namespace folio::app
