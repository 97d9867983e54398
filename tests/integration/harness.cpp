#include "harness.hpp"

#include <boost/asio/connect.hpp>
#include <boost/json/parse.hpp>
#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace folio::test {

std::string env_or_fail(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value)
    throw std::runtime_error(std::string(name) + " is not set: run the tests through scripts/test");
  return value;
}

std::string cluster_url(const std::string& database) {
  return "postgresql://" + env_or_fail("FOLIO_TEST_PGUSER") + "@/" + database +
         "?host=" + env_or_fail("FOLIO_TEST_PGHOST") + "&port=" + env_or_fail("FOLIO_TEST_PGPORT");
}

std::string query_value(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("test connection failed: " + message);
  }
  PGresult* r = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(r);
  std::string value;
  std::string error = PQresultErrorMessage(r);
  if (status == PGRES_TUPLES_OK && PQntuples(r) > 0) value = PQgetvalue(r, 0, 0);
  PQclear(r);
  PQfinish(conn);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw std::runtime_error("test SQL failed: " + error);
  return value;
}

std::string create_database() {
  static std::atomic<int> counter{0};
  const std::string name = "folio_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
  query_value(cluster_url("postgres"), "CREATE DATABASE " + name);
  return cluster_url(name);
}

void pg_ctl(const std::string& action) {
  const std::string command = env_or_fail("FOLIO_TEST_PGCTL") + " " + action + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("pg_ctl " + action + " failed");
}

int free_port() {
  boost::asio::io_context context;
  boost::asio::ip::tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

namespace {

pid_t spawn_folio(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                  const std::string& log_path) {
  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    if (!env.contains(entry.substr(0, entry.find('=')))) environment.push_back(entry);
  }
  for (const auto& [key, value] : env) environment.push_back(key + "=" + value);
  std::vector<char*> envp, argv;
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string binary = FOLIO_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies = args;
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int failed = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (failed) throw std::runtime_error("cannot start folio");
  return pid;
}

std::vector<std::string> split_args(const std::string& text) {
  std::vector<std::string> args;
  std::istringstream in(text);
  for (std::string word; in >> word;) args.push_back(word);
  return args;
}

int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string fresh_log_path() {
  static std::atomic<int> counter{0};
  return "/tmp/folio-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".log";
}

}  // namespace

folio_process::folio_process(folio_options options) : port_(free_port()), log_path_(fresh_log_path()) {
  options.env["DATABASE_URL"] = options.database_url;
  options.env["PORT"] = std::to_string(port_);
  options.env.try_emplace("HOST", "127.0.0.1");
  options.env.try_emplace("LOG_LEVEL", "warn");
  pid_ = spawn_folio(split_args(options.command), options.env, log_path_);
}

folio_process::~folio_process() {
  if (pid_ > 0) stop(SIGKILL);
}

bool folio_process::wait_until_serving(std::chrono::milliseconds patience) {
  const auto give_up = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < give_up) {
    try {
      http_client client(port_);
      if (client.get("/readyz").result() == http::status::ok) return true;
    } catch (const std::exception&) {
      // not listening yet
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling an observable condition
  }
  return false;
}

int folio_process::stop(int signal_number) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal_number);
  const int status = wait_for(pid_);
  pid_ = -1;
  return status;
}

int folio_process::wait() {
  const int status = wait_for(pid_);
  pid_ = -1;
  return status;
}

std::string folio_process::log() const { return read_file(log_path_); }

int run_folio(const std::string& database_url, const std::string& args, std::map<std::string, std::string> env,
              std::string* output) {
  env["DATABASE_URL"] = database_url;
  const auto log_path = fresh_log_path();
  const int status = wait_for(spawn_folio(split_args(args), env, log_path));
  if (output) *output = read_file(log_path);
  return status;
}

http_client::http_client(int port) : stream_(context_) {
  stream_.connect(
      boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
}

response http_client::request(http::verb method, const std::string& target, const std::string& body,
                              const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  stream_.expires_after(std::chrono::seconds(30));
  http::write(stream_, req);
  response res;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream_, buffer_, parser);
  return parser.release();
}

boost::json::value json_of(const response& r) { return boost::json::parse(r.body()); }

double metric_sample(const std::string& scrape, const std::string& series) {
  std::istringstream lines(scrape);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with(series + " ")) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

}  // namespace folio::test
