#pragma once
// Integration-test harness: a fresh database per test on the cluster that scripts/test started,
// the real folio binary as a child process, and a small blocking HTTP client.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>

namespace folio::test {

namespace http = boost::beast::http;
using response = http::response<http::string_body>;

std::string env_or_fail(const char* name);

// The cluster scripts/test started (FOLIO_TEST_PGHOST, FOLIO_TEST_PGPORT, FOLIO_TEST_PGUSER).
std::string cluster_url(const std::string& database);
// Creates an empty database with a unique name and returns its URL.
std::string create_database();
// Runs SQL synchronously (tests may block) and returns the first column of the first row.
std::string query_value(const std::string& url, const std::string& sql);
// Runs a pg_ctl action ("stop -m fast", "start -w") on the test cluster.
void pg_ctl(const std::string& action);

int free_port();

struct folio_options {
  std::string database_url;
  std::map<std::string, std::string> env;  // extra settings
  std::string command = "serve";
};

// The folio binary, started with the given settings and stopped (SIGTERM) on destruction.
class folio_process {
 public:
  explicit folio_process(folio_options options);
  ~folio_process();
  folio_process(const folio_process&) = delete;
  folio_process& operator=(const folio_process&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Polls GET /readyz until it answers 200 (at most `patience`): the pool has connected.
  bool wait_until_serving(std::chrono::milliseconds patience = std::chrono::seconds(30));
  // Sends a signal and waits for the exit status.
  int stop(int signal_number = 15);
  // Waits for the process to exit by itself (for one-shot commands).
  int wait();
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int port_;
  std::string log_path_;
};

// Runs `folio <args>` to completion and returns its exit status.
int run_folio(const std::string& database_url, const std::string& args, std::map<std::string, std::string> env = {},
              std::string* output = nullptr);

class http_client {
 public:
  explicit http_client(int port);
  response request(http::verb method, const std::string& target, const std::string& body = {},
                   const std::map<std::string, std::string>& headers = {});
  response get(const std::string& target) { return request(http::verb::get, target); }
  boost::beast::tcp_stream& stream() { return stream_; }

 private:
  boost::asio::io_context context_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

boost::json::value json_of(const response& r);

// The value of the series `name{labels}` (as written) in a Prometheus scrape; -1 when it is missing.
double metric_sample(const std::string& scrape, const std::string& series);

}  // namespace folio::test
