#include "app/auth/login_throttle.hpp"

#include <cstdint>

#include "app/auth/throttle_queries.hpp"
#include "db/batch.hpp"

namespace folio::app {

namespace asio = boost::asio;

asio::awaitable<std::optional<std::chrono::seconds>> login_throttle::locked_for(db::pool& primary, std::string account,
                                                                                std::string address) const {
  const auto wait = db::one<throttle_wait>(co_await primary.execute(
      throttle_login_locked, account, static_cast<std::int64_t>(limits_.account_failures), address,
      static_cast<std::int64_t>(limits_.address_failures), static_cast<std::int64_t>(limits_.window.count())));
  if (!wait.retry_after) co_return std::nullopt;
  co_return std::chrono::seconds(*wait.retry_after);
}

asio::awaitable<void> login_throttle::failed(db::pool& primary, std::string account, std::string address) const {
  const auto window = static_cast<std::int64_t>(limits_.window.count());
  db::batch statements;
  statements.add(throttle_login_failed, account, address, window)
      .add(throttle_sweep, "login_account", window)
      .add(throttle_sweep, "login_address", window);
  co_await primary.execute_batch(std::move(statements));
}

asio::awaitable<void> login_throttle::succeeded(db::pool& primary, std::string account) const {
  co_await primary.execute(throttle_login_succeeded, account);
}

}  // namespace folio::app
