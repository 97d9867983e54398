#pragma once
// One row of the route table: the method and path the router matches, the handler, and what the
// API description (/openapi.json) says of it. The router and the description read the same rows,
// and the bodies are described by the code that reads and writes them, so they cannot drift.
#include <boost/json/object.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "app/web/handler.hpp"
#include "net/router.hpp"

namespace folio::app {

// What the endpoint does with an `Authorization: Bearer` token.
enum class token_use {
  ignored,
  optional,  // anonymous callers are served; a caller may see more (drafts); a bad token is 401
  required,
};

struct query_parameter {
  std::string_view name;
  std::string_view description;
  boost::json::object schema;
};

query_parameter text_query(std::string_view name, std::string_view description);
// A parameter that takes one of `values`; `fallback` is what its absence means.
query_parameter choice_query(std::string_view name, std::string_view description,
                             std::span<const std::string_view> values, std::string_view fallback = {});

using schema_fn = boost::json::object (*)();

struct endpoint {
  net::http::verb method;
  std::string_view path;  // the router's pattern: {name} text, {name:id} a positive 64-bit integer
  handler_fn handler;
  std::string_view summary;
  token_use token = token_use::ignored;
  net::http::status success = net::http::status::ok;
  schema_fn response = nullptr;  // the success body's JSON Schema; null: no body
  schema_fn request = nullptr;   // the JSON body it reads; null: none
  std::vector<query_parameter> query = {};
  // The problems particular to it; those every endpoint (or every body, or token) may get are added.
  std::vector<net::http::status> problems = {};
  bool conditional = false;                          // GET answers a strong ETag; PATCH honours If-Match
  std::string_view media_type = "application/json";  // of the success body
};

// The endpoints of one part of the API, under one heading of the description.
struct api_section {
  std::string_view name;
  std::string_view description;
  std::vector<endpoint> endpoints;
};

}  // namespace folio::app
