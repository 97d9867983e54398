// The log writer (app/runtime/log_writer.hpp): a writer stuck on a full pipe never makes a
// caller wait; lines past the queue's bound are dropped and counted, and every accepted line is
// written once the pipe drains.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>

#include "app/runtime/log_writer.hpp"

using folio::app::log::log_writer;

BOOST_AUTO_TEST_SUITE(log_writer_suite)

BOOST_AUTO_TEST_CASE(a_full_queue_drops_and_counts_instead_of_waiting) {
  int pipe_ends[2];
  BOOST_REQUIRE(::pipe(pipe_ends) == 0);
  const std::string big_line(1 << 20, 'x');  // larger than any pipe buffer: the writer blocks on it
  std::size_t accepted = 0;
  std::string received;
  std::thread reader;
  {
    log_writer writer(4, pipe_ends[1]);
    // Nobody reads the pipe, so the writer stays blocked and the queue must fill: push returns
    // false at last, instead of waiting.
    std::string line = big_line + "\n";
    while (writer.push(line)) {
      ++accepted;
      line = "small\n";
    }
    BOOST_TEST(writer.dropped() == 1u);
    BOOST_TEST(!writer.push("another\n"));
    BOOST_TEST(writer.dropped() == 2u);
    BOOST_TEST(accepted <= 1u + 4u + 4u, "the queue holds at most its bound besides what is being written");
    reader = std::thread([&] {
      char chunk[65536];
      for (ssize_t n; (n = ::read(pipe_ends[0], chunk, sizeof chunk)) > 0;) received.append(chunk, n);
    });
  }  // the destructor writes what is queued while the reader drains the pipe
  ::close(pipe_ends[1]);
  reader.join();
  ::close(pipe_ends[0]);
  BOOST_TEST(static_cast<std::size_t>(std::count(received.begin(), received.end(), '\n')) == accepted);
}

BOOST_AUTO_TEST_SUITE_END()
