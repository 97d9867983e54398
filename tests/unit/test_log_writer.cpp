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

namespace {

// Writes bytes (no newline) until the pipe holds no more: the next write to it blocks.
void fill(int descriptor) {
  ::fcntl(descriptor, F_SETFL, O_NONBLOCK);
  const std::string filler(4096, 'x');
  while (::write(descriptor, filler.data(), filler.size()) > 0) {
  }
  while (::write(descriptor, "x", 1) > 0) {  // the last page's remainder
  }
  ::fcntl(descriptor, F_SETFL, 0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_writer_suite)

BOOST_AUTO_TEST_CASE(a_full_queue_drops_and_counts_instead_of_waiting) {
  int pipe_ends[2];
  BOOST_REQUIRE(::pipe(pipe_ends) == 0);
  // Nobody reads the pipe yet, so the writer blocks on its first write: it holds at most one
  // batch, and the queue fills behind it.
  fill(pipe_ends[1]);
  constexpr std::size_t capacity = 4, pushes = 3 * capacity;
  std::size_t accepted = 0;
  std::string received;
  std::thread reader;
  {
    log_writer writer(capacity, pipe_ends[1]);
    for (std::size_t i = 0; i < pushes; ++i) accepted += writer.push("line\n") ? 1 : 0;
    // Every push returned at once: at most a batch in the writer and a full queue were accepted.
    BOOST_TEST(accepted <= 2 * capacity);
    BOOST_TEST(writer.dropped() == pushes - accepted);
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
