#pragma once
// The one place where failures become API errors: database faults, cancellations and bugs.
#include <exception>

#include "net/problem.hpp"
#include "net/request.hpp"

namespace folio::app {

net::problem to_problem(std::exception_ptr failure, const net::request& req);

// The password hasher turned a job away: its queue is full.
net::problem hashing_at_capacity();

}  // namespace folio::app
