#pragma once
// Runs one coroutine to completion on a private io_context: for command-line tools and start-up
// steps that happen before any request is served.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <functional>

namespace folio::app {

template <class T>
T run_sync(std::function<boost::asio::awaitable<T>(boost::asio::any_io_executor)> body) {
  boost::asio::io_context context;
  auto done = boost::asio::co_spawn(context, body(context.get_executor()), boost::asio::use_future);
  context.run();
  return done.get();
}

}  // namespace folio::app
