// The request gate and the connection limit (net/admission.hpp): places, the queue's order, its
// bound and its deadline, driven on a real io_context.
#include <boost/test/unit_test.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <string>
#include <vector>

#include "net/admission.hpp"

namespace asio = boost::asio;
using folio::net::connection_limit;
using folio::net::gate_settings;
using folio::net::request_gate;
using namespace std::chrono_literals;

namespace {

// Enters the gate and records, in `order`, the name once admitted (or its verdict otherwise).
void enter(asio::io_context& context, request_gate& gate, std::string name, bool first,
           std::vector<std::string>& order) {
  asio::co_spawn(
      context,
      [&gate, &order, name, first]() -> asio::awaitable<void> {
        auto verdict = co_await gate.enter(first);
        if (verdict == request_gate::verdict::admitted) order.push_back(name);
        if (verdict == request_gate::verdict::queue_full) order.push_back(name + ":full");
        if (verdict == request_gate::verdict::waited_too_long) order.push_back(name + ":late");
      },
      [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
      });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(admission)

BOOST_AUTO_TEST_CASE(admits_up_to_the_limit_then_queues_in_order_with_newcomers_first) {
  asio::io_context context;
  request_gate gate(context.get_executor(), gate_settings{2, 10, 10s});
  std::vector<std::string> order;
  enter(context, gate, "a", false, order);
  enter(context, gate, "b", false, order);
  enter(context, gate, "c", false, order);
  enter(context, gate, "d", false, order);
  enter(context, gate, "new", true, order);  // a connection's first request goes to the head
  context.poll();
  BOOST_TEST(order == (std::vector<std::string>{"a", "b"}));
  BOOST_TEST(gate.running() == 2u);
  BOOST_TEST(gate.queued() == 3u);

  gate.leave();
  context.poll();
  gate.leave();
  gate.leave();
  context.poll();
  BOOST_TEST(order == (std::vector<std::string>{"a", "b", "new", "c", "d"}));
  BOOST_TEST(gate.running() == 2u);  // places were handed over, never freed in between
  gate.leave();
  gate.leave();
  BOOST_TEST(gate.running() == 0u);
  BOOST_TEST(gate.shed() == 0u);
}

BOOST_AUTO_TEST_CASE(a_full_queue_sheds_at_once) {
  asio::io_context context;
  request_gate gate(context.get_executor(), gate_settings{1, 1, 10s});
  std::vector<std::string> order;
  enter(context, gate, "a", false, order);
  enter(context, gate, "b", false, order);
  enter(context, gate, "c", false, order);
  context.poll();
  BOOST_TEST(order == (std::vector<std::string>{"a", "c:full"}));
  BOOST_TEST(gate.shed() == 1u);
  gate.leave();
  context.poll();
  BOOST_TEST(order.back() == "b");
  gate.leave();
}

BOOST_AUTO_TEST_CASE(a_request_waiting_past_the_deadline_is_turned_away) {
  asio::io_context context;
  request_gate gate(context.get_executor(), gate_settings{1, 10, 50ms});
  std::vector<std::string> order;
  enter(context, gate, "a", false, order);
  enter(context, gate, "b", false, order);
  context.run_for(2s);  // returns once b's deadline has passed: a holds its place throughout
  BOOST_TEST(order == (std::vector<std::string>{"a", "b:late"}));
  BOOST_TEST(gate.queued() == 0u);
  BOOST_TEST(gate.shed() == 1u);
  gate.leave();
  BOOST_TEST(gate.running() == 0u);
}

BOOST_AUTO_TEST_CASE(connection_limit_refuses_past_its_bound_and_counts) {
  connection_limit limit(2);
  BOOST_TEST(limit.try_open());
  BOOST_TEST(limit.try_open());
  BOOST_TEST(!limit.try_open());
  BOOST_TEST(limit.refused() == 1u);
  limit.close();
  BOOST_TEST(limit.try_open());
  BOOST_TEST(limit.open() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
