#include "app/auth/password_hasher.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <sodium.h>

#include <stdexcept>

namespace folio::app {

namespace asio = boost::asio;

struct password_hasher::job {
  virtual ~job() = default;
  virtual void run() = 0;     // on a hash thread
  virtual void refuse() = 0;  // the queue is full
};

namespace {

// A computation and the coroutine waiting for it. The work guard keeps the waiter's io_context
// alive until the result is handed back, so a job never outlives the loop it reports to.
template <class T, class Handler>
class pending final : public password_hasher::job {
 public:
  pending(std::function<T()> work, Handler handler)
      : work_(std::move(work)), handler_(std::move(handler)), guard_(asio::get_associated_executor(handler_)) {}

  void run() override {
    std::optional<T> value;
    try {
      value = work_();
    } catch (const std::exception&) {
      // Only allocation can throw here; the caller gets the same 503 as for a full queue.
    }
    complete(std::move(value));
  }
  void refuse() override { complete(std::nullopt); }

 private:
  // The waiter resumes on its own executor, never on the thread that finished the work.
  void complete(std::optional<T> value) {
    asio::post(guard_.get_executor(), [handler = std::move(handler_), value = std::move(value)]() mutable {
      std::move(handler)(std::move(value));
    });
    guard_.reset();
  }

  std::function<T()> work_;
  Handler handler_;
  asio::executor_work_guard<asio::associated_executor_t<Handler>> guard_;
};

// Empty when libsodium cannot get the memory the cost asks for.
std::string hash_now(std::string_view password, password_hasher::cost c) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), c.opslimit, c.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return {};
  return out;
}

}  // namespace

password_hasher::cost password_hasher::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

password_hasher::cost password_hasher::minimum() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

password_hasher::password_hasher(std::size_t threads, std::size_t max_queued, cost c)
    : cost_(c), max_queued_(max_queued), max_new_hashes_((max_queued + 1) / 2) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  // The password behind the dummy hash is random and forgotten: only its cost matters.
  unsigned char secret[32];
  randombytes_buf(secret, sizeof secret);
  dummy_hash_ = hash_now({reinterpret_cast<const char*>(secret), sizeof secret}, c);
  if (dummy_hash_.empty()) throw std::runtime_error("not enough memory for one password hash at this cost");
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { serve_jobs(); });
}

password_hasher::~password_hasher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

std::size_t password_hasher::queued() const {
  std::lock_guard lock(mutex_);
  return checks_.size() + new_hashes_.size();
}

bool password_hasher::enqueue(std::unique_ptr<job>& next, lane l) {
  {
    std::lock_guard lock(mutex_);
    if (checks_.size() + new_hashes_.size() >= max_queued_) return false;
    if (l == lane::new_hash && new_hashes_.size() >= max_new_hashes_) return false;
    (l == lane::check ? checks_ : new_hashes_).push_back(std::move(next));
  }
  wake_.notify_one();
  return true;
}

std::unique_ptr<password_hasher::job> password_hasher::take_next() {
  const bool check = !checks_.empty() && (new_hashes_.empty() || !last_was_check_);
  auto& from = check ? checks_ : new_hashes_;
  auto next = std::move(from.front());
  from.pop_front();
  last_was_check_ = check;
  return next;
}

void password_hasher::serve_jobs() {
  for (;;) {
    std::unique_ptr<job> next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !checks_.empty() || !new_hashes_.empty(); });
      if (checks_.empty() && new_hashes_.empty()) return;  // stopping, and every accepted job has been answered
      next = take_next();
    }
    next->run();
  }
}

template <class T>
asio::awaitable<std::optional<T>> password_hasher::run(std::function<T()> work, lane l) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::optional<T>)>(
      [this, l](auto handler, std::function<T()> work) {
        std::unique_ptr<job> next =
            std::make_unique<pending<T, decltype(handler)>>(std::move(work), std::move(handler));
        if (!enqueue(next, l)) next->refuse();
      },
      asio::use_awaitable, std::move(work));
}

// The work is a named variable, not a lambda written inside the co_await: GCC 12 copies such a
// temporary bitwise into the coroutine frame, which corrupts the strings it captured.

asio::awaitable<std::optional<std::string>> password_hasher::hash(std::string password) {
  std::function<std::string()> work = [password = std::move(password), c = cost_] { return hash_now(password, c); };
  auto hashed = co_await run(std::move(work), lane::new_hash);
  if (!hashed || hashed->empty()) co_return std::nullopt;
  co_return std::move(*hashed);
}

asio::awaitable<std::optional<bool>> password_hasher::verify(std::optional<std::string> stored, std::string password) {
  const bool known = stored.has_value();
  std::function<bool()> work = [stored = std::move(stored).value_or(dummy_hash_), password = std::move(password)] {
    return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
  };
  auto matched = co_await run(std::move(work), lane::check);
  if (!matched) co_return std::nullopt;
  // Named: clang-format 14 misreads `co_return a && *b` as a declaration.
  const bool verified = known && *matched;
  co_return verified;
}

}  // namespace folio::app
