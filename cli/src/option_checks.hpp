#pragma once
// Every numeric flag of every command is checked in one place: a value outside the
// accepted range stops the command with a usage error (exit 1) that names the flag and
// the range, e.g. "--jobs must be from 0 to 1024 (0 = one per core); got -1".
//
//   ("jobs,j", RangedValue(&flags.jobs, "--jobs", {0u, 1024u, "0 = one per core"})->default_value(0), "...")
//
// The check runs when boost::program_options notifies (po::notify), so ParsePathArgs
// and every other parser that catches po::error report it like any other bad flag.
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>

#include <boost/program_options.hpp>

namespace versus::cli {

/// The values a numeric flag accepts, both ends included, and what special values mean.
template <class T>
struct OptionRange {
  T low;
  T high;
  const char* note = nullptr;  ///< e.g. "0 = one per core"; shown after the range
};

/// The text of a value for messages: integers as written, reals shortest-round-trip.
template <class T>
std::string OptionValueText(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", double(value));
    return text;
  } else {
    return std::to_string(value);
  }
}

/// "--jobs must be from 0 to 1024 (0 = one per core); got 2000". A negative number
/// given to an unsigned flag wraps around while parsing: it is called negative here.
template <class T>
std::string OutOfRangeMessage(const std::string& flag, T value, const OptionRange<T>& range) {
  std::string text = flag + " must be from " + OptionValueText(range.low) + " to " + OptionValueText(range.high);
  if (range.note != nullptr) text += std::string(" (") + range.note + ")";
  const bool wrapped = std::is_unsigned_v<T> && value > std::numeric_limits<T>::max() / 2;
  return text + "; got " + (wrapped ? std::string("a negative number") : OptionValueText(value));
}

/// True if `value` is within the range (NaN never is).
template <class T>
bool InOptionRange(T value, const OptionRange<T>& range) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) return false;
  }
  return value >= range.low && value <= range.high;
}

/// Throws boost::program_options::error with OutOfRangeMessage unless the value fits.
/// For checks after parsing (values that are not plain flags); parsers catch po::error.
template <class T>
void RequireInRange(const std::string& flag, T value, const OptionRange<T>& range) {
  if (!InOptionRange(value, range)) throw boost::program_options::error(OutOfRangeMessage(flag, value, range));
}

/// po::value(target) that refuses values outside `range` when the flags are notified.
template <class T>
boost::program_options::typed_value<T>* RangedValue(T* target, const std::string& flag, OptionRange<T> range) {
  return boost::program_options::value(target)->notifier(
      [flag, range](const T& value) { RequireInRange(flag, value, range); });
}

}  // namespace versus::cli

namespace versus::cli {

/// --budget of rank, rate and sort: most pairs judged.
inline const OptionRange<std::size_t> kBudgetRange{0, 100'000'000, "0 = automatic"};

}  // namespace versus::cli
