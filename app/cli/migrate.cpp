#include <iostream>

#include "app/cli/commands.hpp"
#include "app/cli/run_sync.hpp"
#include "app/runtime/database.hpp"
#include "app/web/json_writer.hpp"

namespace folio::app {

int migrate(const config& cfg, bool status_only) {
  try {
    const auto migrations = configured_migrations(cfg);
    return run_sync<int>([&](boost::asio::any_io_executor) -> boost::asio::awaitable<int> {
      auto conn = co_await open_admin_connection(cfg);
      if (status_only) {
        for (const auto& s : co_await db::migration_statuses(*conn, migrations))
          std::cout << (s.applied_at ? "applied  " + format_rfc3339(*s.applied_at) : std::string("pending  ")) << "  "
                    << s.name << "\n";
      } else {
        auto applied = co_await db::apply_migrations(*conn, migrations);
        for (const auto& name : applied) std::cout << "applied " << name << "\n";
        if (applied.empty()) std::cout << "the schema is up to date\n";
      }
      conn->close("done");
      co_return 0;
    });
  } catch (const std::exception& e) {
    std::cerr << "folio migrate: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace folio::app
