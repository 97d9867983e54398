#pragma once
// A libpq connection string (URI or keyword/value) taken apart and put back together, so that
// tools can reach another database of the same server, or hand the settings to PostgreSQL's
// client programs through their environment.
#include <map>
#include <string>

namespace folio::db {

// Every keyword the string sets, with its value; throws db_error (connection) when it is invalid.
std::map<std::string, std::string> parse_conninfo(const std::string& conninfo);
// The same settings as a keyword/value string, with `dbname` replaced.
std::string conninfo_with_database(const std::string& conninfo, const std::string& dbname);

// The server it names, for logs and metrics: "host:port" (the password and the rest left out).
std::string conninfo_server(const std::string& conninfo);

// The same settings as libpq environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, …), for
// PostgreSQL's client programs: a password in their environment is not on a command line others
// can read.
std::map<std::string, std::string> conninfo_environment(const std::string& conninfo);

}  // namespace folio::db
