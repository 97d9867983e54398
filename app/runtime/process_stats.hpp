#pragma once
// What the kernel says of this process (Linux /proc), for the standard process_* metrics.
#include <cstdint>

namespace folio::app {

struct process_stats {
  double cpu_seconds = 0;  // user and system time
  std::uint64_t resident_bytes = 0;
  std::uint64_t virtual_bytes = 0;
  std::uint64_t open_descriptors = 0;
  std::uint64_t max_descriptors = 0;  // the soft RLIMIT_NOFILE
  double start_time_seconds = 0;      // since the Unix epoch
};

// Reads /proc/self; a figure that cannot be read stays 0.
process_stats read_process_stats();

}  // namespace folio::app
