#include "db/conninfo.hpp"

#include <libpq-fe.h>

#include "db/error.hpp"

namespace folio::db {
namespace {

// libpq's keyword/value syntax: single quotes around the value, backslash before ' and \.
std::string quoted_value(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// libpq's keywords and the environment variables that set the same thing.
const std::map<std::string, std::string> environment_names{{"host", "PGHOST"},
                                                           {"hostaddr", "PGHOSTADDR"},
                                                           {"port", "PGPORT"},
                                                           {"dbname", "PGDATABASE"},
                                                           {"user", "PGUSER"},
                                                           {"password", "PGPASSWORD"},
                                                           {"passfile", "PGPASSFILE"},
                                                           {"options", "PGOPTIONS"},
                                                           {"application_name", "PGAPPNAME"},
                                                           {"sslmode", "PGSSLMODE"},
                                                           {"sslcert", "PGSSLCERT"},
                                                           {"sslkey", "PGSSLKEY"},
                                                           {"sslrootcert", "PGSSLROOTCERT"},
                                                           {"sslcrl", "PGSSLCRL"},
                                                           {"connect_timeout", "PGCONNECT_TIMEOUT"},
                                                           {"target_session_attrs", "PGTARGETSESSIONATTRS"},
                                                           {"gssencmode", "PGGSSENCMODE"},
                                                           {"channel_binding", "PGCHANNELBINDING"}};

}  // namespace

std::map<std::string, std::string> parse_conninfo(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
  if (!parsed) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw db_error(db_error::kind::connection, "invalid DATABASE_URL: " + message);
  }
  std::map<std::string, std::string> params;
  for (auto* option = parsed; option->keyword; ++option) {
    if (option->val) params[option->keyword] = option->val;
  }
  PQconninfoFree(parsed);
  return params;
}

std::string conninfo_with_database(const std::string& conninfo, const std::string& dbname) {
  auto params = parse_conninfo(conninfo);
  params["dbname"] = dbname;
  std::string out;
  for (const auto& [keyword, value] : params) out += (out.empty() ? "" : " ") + keyword + "=" + quoted_value(value);
  return out;
}

std::string conninfo_server(const std::string& conninfo) {
  auto params = parse_conninfo(conninfo);
  const auto& host = params.contains("host") ? params["host"] : params["hostaddr"];
  const auto port = params.contains("port") ? params["port"] : "5432";
  return (host.empty() ? "localhost" : host) + ":" + port;
}

std::map<std::string, std::string> conninfo_environment(const std::string& conninfo) {
  std::map<std::string, std::string> environment;
  for (const auto& [keyword, value] : parse_conninfo(conninfo)) {
    if (auto name = environment_names.find(keyword); name != environment_names.end()) environment[name->second] = value;
  }
  return environment;
}

}  // namespace folio::db
