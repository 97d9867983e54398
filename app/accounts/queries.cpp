#include "app/accounts/queries.hpp"
#include "app/accounts/routes.hpp"

namespace folio::app {

std::vector<const db::statement*> account_statements() {
  using namespace accounts;
  return {&create_user,        &open_session,           &find_credentials, &credentials_by_id,
          &private_user_by_id, &public_user_by_username, &close_session,    &update_profile};
}

}  // namespace folio::app
