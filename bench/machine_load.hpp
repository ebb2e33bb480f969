#pragma once
// The machine's load average, printed beside timings: on a shared machine a figure
// means little without it.
#include <fstream>
#include <string>

namespace versus::bench {

/// "1-minute 5-minute 15-minute" load averages from /proc/loadavg ("" elsewhere).
inline std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

}  // namespace versus::bench
