#include "app/auth/registration_throttle.hpp"

#include <cstdint>

#include "app/auth/throttle_queries.hpp"
#include "db/batch.hpp"

namespace folio::app {

namespace asio = boost::asio;

asio::awaitable<std::optional<std::chrono::seconds>> registration_throttle::admit(db::pool& primary,
                                                                                  std::string address) const {
  const auto window = static_cast<std::int64_t>(window_.count());
  db::batch statements;
  statements.add(throttle_registration_admit, address, static_cast<std::int64_t>(per_address_), window)
      .add(throttle_sweep, "registration", window);
  const auto results = co_await primary.execute_batch(std::move(statements));
  const auto wait = db::one<throttle_wait>(results.at(0));
  if (!wait.retry_after) co_return std::nullopt;
  co_return std::chrono::seconds(*wait.retry_after);
}

}  // namespace folio::app
