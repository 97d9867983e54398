#include <iostream>

#include "app/cli/commands.hpp"
#include "app/cli/run_sync.hpp"
#include "app/runtime/database.hpp"
#include "app/web/text.hpp"

namespace folio::app {

int promote_user(const config& cfg, std::string_view username) {
  try {
    return run_sync<int>([&](boost::asio::any_io_executor) -> boost::asio::awaitable<int> {
      auto conn = co_await open_admin_connection(cfg);
      auto updated =
          co_await conn->execute_sql("UPDATE users SET role = 'admin', updated_at = now() WHERE username = $1",
                                     db::make_params(ascii_lower(trim(username))));
      conn->close("done");
      if (updated.affected_rows() == 0) {
        std::cerr << "folio users promote: no user named '" << username << "'\n";
        co_return 1;
      }
      std::cout << username << " is now an admin\n";
      co_return 0;
    });
  } catch (const std::exception& e) {
    std::cerr << "folio users promote: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace folio::app
