#include "app/web/openapi.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <set>

#include "app/web/read_routing.hpp"
#include "app/web/text.hpp"
#include "net/problem.hpp"

namespace folio::app {
namespace {

namespace json = boost::json;
using net::http::status;
using net::http::verb;

constexpr std::string_view general_rules =
    "The contract's general rules hold for every path: request and response bodies are JSON in "
    "UTF-8; every error is `application/problem+json` with a machine-readable `code`; a known path "
    "with another method is `405` with `Allow`; bodies over `MAX_BODY_BYTES` (1 MiB unless configured) "
    "are `413`; every response carries `X-Request-Id` (echoed when the client sent one of 1 to 128 "
    "visible ASCII characters).";

std::vector<std::string_view> segments_of(std::string_view pattern) {
  std::vector<std::string_view> out;
  for (std::size_t start = 1; start <= pattern.size();) {
    auto end = std::min(pattern.find('/', start), pattern.size());
    out.push_back(pattern.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_parameter(std::string_view segment) { return segment.starts_with('{') && segment.ends_with('}'); }
bool is_id_parameter(std::string_view segment) { return segment.ends_with(":id}"); }

std::string_view parameter_name(std::string_view segment) {
  segment = segment.substr(1, segment.size() - 2);
  return segment.substr(0, segment.find(':'));
}

constexpr std::string_view lsn_pattern = "^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$";

json::object parameter(std::string_view name, std::string_view in, bool required, json::object schema,
                       std::string_view description) {
  json::object p{{"name", name}, {"in", in}, {"required", required}, {"schema", std::move(schema)}};
  if (!description.empty()) p["description"] = description;
  return p;
}

json::array parameters_of(const endpoint& e) {
  json::array out;
  for (auto segment : segments_of(e.path)) {
    if (!is_parameter(segment)) continue;
    json::object schema{{"type", "string"}};
    if (is_id_parameter(segment)) schema = {{"type", "integer"}, {"format", "int64"}, {"minimum", 1}};
    out.push_back(parameter(parameter_name(segment), "path", true, std::move(schema), ""));
  }
  for (const auto& q : e.query) out.push_back(parameter(q.name, "query", false, q.schema, q.description));
  if (e.conditional && e.method == verb::patch)
    out.push_back(parameter("If-Match", "header", false, {{"type", "string"}},
                            "the ETag of the representation the change is based on; 412 when it is stale"));
  if (e.method == verb::get)
    out.push_back(parameter(position_header, "header", false, {{"type", "string"}, {"pattern", lsn_pattern}},
                            "the X-Folio-LSN of the client's last write: the answer reflects that write even when "
                            "read from a replica; 400 when malformed"));
  return out;
}

// The problems an endpoint may answer: its own, and those its shape brings.
std::set<status> problems_of(const endpoint& e) {
  std::set<status> out(e.problems.begin(), e.problems.end());
  out.insert({status::bad_request, status::internal_server_error, status::service_unavailable});
  if (e.token != token_use::ignored) out.insert(status::unauthorized);
  if (e.request) out.insert({status::payload_too_large, status::unsupported_media_type, status::unprocessable_entity});
  if (e.conditional && e.method == verb::patch) out.insert(status::precondition_failed);
  return out;
}

std::string status_key(status s) { return std::to_string(static_cast<unsigned>(s)); }

json::object header(std::string_view description) {
  return {{"description", description}, {"schema", {{"type", "string"}}}};
}

json::object success_response(const endpoint& e) {
  json::object response{{"description", net::http::obsolete_reason(e.success)}};
  if (e.response) response["content"] = {{e.media_type, {{"schema", e.response()}}}};
  json::object headers;
  if (e.success == status::created) headers["Location"] = header("the path of the new resource");
  if (e.conditional && e.method == verb::get) headers["ETag"] = header("a strong validator of this representation");
  if (e.method != verb::get)
    headers[position_header] = header(
        "with read replicas: the primary's WAL position after this write; send it back in X-Folio-LSN so that "
        "later reads reflect the write");
  if (!headers.empty()) response["headers"] = std::move(headers);
  return response;
}

json::object responses_of(const endpoint& e) {
  json::object out{{status_key(e.success), success_response(e)}};
  for (auto problem : problems_of(e))
    out[status_key(problem)] = {{"$ref", "#/components/responses/" + std::string(net::problem_code(problem))}};
  return out;
}

// An empty requirement ({}) is "anonymous": optional tokens list it beside the bearer one.
json::array security_of(token_use token) {
  json::object bearer{{"bearer", json::array{}}};
  switch (token) {
    case token_use::ignored: return {};
    case token_use::optional: return {json::object{}, bearer};
    case token_use::required: break;
  }
  return {bearer};
}

// "get" and "/api/v1/contents/{content:id}/like" → "get_contents_content_like": unique per row.
std::string operation_id(const endpoint& e) {
  auto id = ascii_lower(net::http::to_string(e.method));
  for (auto segment : segments_of(e.path)) {
    if (segment == "api" || segment == "v1") continue;
    if (is_parameter(segment)) segment = parameter_name(segment);
    id += '_';
    for (unsigned char c : segment) id += std::isalnum(c) ? static_cast<char>(c) : '_';
  }
  return id;
}

json::object operation(const endpoint& e, std::string_view section) {
  json::object op{{"operationId", operation_id(e)}, {"summary", e.summary}, {"tags", json::array{section}}};
  if (auto parameters = parameters_of(e); !parameters.empty()) op["parameters"] = std::move(parameters);
  if (e.request)
    op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", e.request()}}}}}};
  op["responses"] = responses_of(e);
  op["security"] = security_of(e.token);
  return op;
}

json::object problem_schema() {
  json::object field_error{{"type", "object"},
                           {"properties", {{"field", {{"type", "string"}}}, {"message", {{"type", "string"}}}}},
                           {"required", {"field", "message"}}};
  json::object properties{
      {"type", {{"type", "string"}}},    {"title", {{"type", "string"}}},
      {"status", {{"type", "integer"}}}, {"code", {{"type", "string"}}},
      {"detail", {{"type", "string"}}},  {"errors", {{"type", "array"}, {"items", std::move(field_error)}}}};
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", {"type", "title", "status", "code", "detail"}}};
}

json::object problem_response(status s) {
  json::object schema{{"allOf",
                       {json::object{{"$ref", "#/components/schemas/problem"}},
                        json::object{{"properties",
                                      {{"status", {{"const", static_cast<unsigned>(s)}}},
                                       {"code", {{"const", net::problem_code(s)}}}}}}}}};
  json::object response{{"description", net::http::obsolete_reason(s)},
                        {"content", {{"application/problem+json", {{"schema", std::move(schema)}}}}}};
  if (s == status::unauthorized) response["headers"] = {{"WWW-Authenticate", header("Bearer")}};
  if (s == status::too_many_requests || s == status::service_unavailable)
    response["headers"] = {{"Retry-After", header("seconds to wait before trying again")}};
  return response;
}

json::object components(const std::set<status>& problems) {
  json::object responses;
  for (auto s : problems) responses[net::problem_code(s)] = problem_response(s);
  return {{"schemas", {{"problem", problem_schema()}}},
          {"responses", std::move(responses)},
          {"securitySchemes",
           {{"bearer",
             {{"type", "http"},
              {"scheme", "bearer"},
              {"description", "the opaque token that register and login return, valid 30 days"}}}}}};
}

}  // namespace

std::string openapi_path(std::string_view pattern) {
  std::string out;
  for (auto segment : segments_of(pattern)) {
    out += '/';
    if (is_parameter(segment))
      out.append("{").append(parameter_name(segment)).append("}");
    else
      out += segment;
  }
  return out;
}

std::string openapi_document(std::span<const api_section> sections, std::string_view version) {
  json::object paths;
  json::array tags;
  std::set<status> problems;
  for (const auto& section : sections) {
    tags.push_back({{"name", section.name}, {"description", section.description}});
    for (const auto& e : section.endpoints) {
      auto& path = paths[openapi_path(e.path)];
      if (path.is_null()) path = json::object{};
      path.as_object()[ascii_lower(net::http::to_string(e.method))] = operation(e, section.name);
      auto own = problems_of(e);
      problems.insert(own.begin(), own.end());
    }
  }
  json::object document{{"openapi", "3.1.0"},
                        {"info",
                         {{"title", "folio"},
                          {"version", version},
                          {"description", general_rules},
                          {"license", {{"name", "Proprietary"}, {"identifier", "LicenseRef-Proprietary"}}}}},
                        {"servers", {json::object{{"url", "/"}}}},
                        {"tags", std::move(tags)},
                        {"paths", std::move(paths)},
                        {"components", components(problems)}};
  return json::serialize(document);
}

}  // namespace folio::app
