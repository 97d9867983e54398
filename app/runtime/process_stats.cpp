#include "app/runtime/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

namespace folio::app {
namespace {

// The seconds since the epoch at which the machine booted: /proc/stat's `btime`.
double boot_time_seconds() {
  std::ifstream stat("/proc/stat");
  for (std::string key; stat >> key;) {
    if (key == "btime") {
      double seconds = 0;
      stat >> seconds;
      return seconds;
    }
    stat.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

// /proc/self/stat: utime (14), stime (15) and starttime (22) in clock ticks, vsize (23) in bytes
// and rss (24) in pages; the command name (2) is in parentheses and may hold spaces.
void read_self_stat(process_stats& out) {
  std::ifstream file("/proc/self/stat");
  std::string line;
  if (!std::getline(file, line)) return;
  const auto after_name = line.rfind(')');
  if (after_name == std::string::npos) return;
  std::istringstream fields(line.substr(after_name + 2));
  std::string field;
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  double utime = 0, stime = 0, starttime = 0, rss_pages = 0;
  // Field 3 (state) is the first after the name.
  for (int number = 3; fields >> field && number <= 24; ++number) {
    if (number == 14) utime = std::stod(field);
    if (number == 15) stime = std::stod(field);
    if (number == 22) starttime = std::stod(field);
    if (number == 23) out.virtual_bytes = std::stoull(field);
    if (number == 24) rss_pages = std::stod(field);
  }
  out.cpu_seconds = (utime + stime) / ticks;
  out.start_time_seconds = boot_time_seconds() + starttime / ticks;
  out.resident_bytes = static_cast<std::uint64_t>(rss_pages) * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::uint64_t count_open_descriptors() {
  std::error_code ec;
  std::uint64_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++count;
  return count;
}

}  // namespace

process_stats read_process_stats() {
  process_stats stats;
  read_self_stat(stats);
  stats.open_descriptors = count_open_descriptors();
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) stats.max_descriptors = limit.rlim_cur;
  return stats;
}

}  // namespace folio::app
