#pragma once
// How the route table's rows become the router's handlers, bound to one worker's services, with
// what every endpoint of a kind shares around its handler (app/web/read_routing.hpp): a GET with a
// malformed X-Folio-LSN is 400 before it runs; with replicas, a write's successful answer carries
// the primary's WAL position.
#include <span>

#include "app/web/endpoint.hpp"

namespace folio::app {

// Adds every endpoint of `sections` to the router, bound to one worker's services.
void add_endpoints(net::router& routes, services& svc, std::span<const api_section> sections);

}  // namespace folio::app
