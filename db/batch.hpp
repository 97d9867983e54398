#pragma once
// Statements sent together: one sync, one implicit transaction, one round trip, all or nothing.
// Each statement is added with its parameters, so the two can never fall out of step.
//
//   db::batch batch;
//   batch.add(find_author, username).add(list_by_author, username, limit);
//   auto results = co_await pool.execute_batch(std::move(batch));
#include <cstddef>
#include <utility>
#include <vector>

#include "db/params.hpp"
#include "db/statement.hpp"

namespace folio::db {

class batch {
 public:
  batch& add(const statement& stmt, param_list params) {
    statements_.push_back(&stmt);
    params_.push_back(std::move(params));
    return *this;
  }
  // Named arguments are borrowed and must outlive the batch's execution; temporaries are owned.
  template <class... Args>
  batch& add(const statement& stmt, Args&&... args) {
    return add(stmt, make_params(std::forward<Args>(args)...));
  }

  std::size_t size() const noexcept { return statements_.size(); }
  const statement& statement_at(std::size_t i) const { return *statements_[i]; }
  const param_list& params_at(std::size_t i) const { return params_[i]; }

 private:
  std::vector<const statement*> statements_;
  std::vector<param_list> params_;
};

}  // namespace folio::db
