#pragma once
/// The values a numeric setting accepts, and the one message that says so. Written once
/// for every range in the project: the CLI's flags (cli/src/option_checks.hpp wraps it
/// for boost::program_options) and the judges' settings (the registry's option table,
/// LmmOptionsProblem) check with it, so "--lmm-retries must be from 0 to 10; got 11" and
/// "--jobs must be from 0 to 1024 (0 = one per core); got -1" read alike.
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <type_traits>

namespace versus::engine {

/// The values a numeric setting accepts, both ends included (unless `low_excluded`), and
/// what special values mean.
template <class T>
struct OptionRange {
  T low;
  T high;
  const char* note = nullptr;  ///< e.g. "0 = one per core"; shown after the range
  bool low_excluded = false;   ///< `low` itself is refused (a timeout must be more than 0)
};

/// The text of a value for messages: integers as written, reals as %g.
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

/// "from 0 to 1024 (0 = one per core)", or with an excluded low end "more than 0 and at
/// most 86400 (seconds)": the range as --help and messages say it.
template <class T>
std::string RangeText(const OptionRange<T>& range) {
  std::string text = (range.low_excluded ? "more than " : "from ") + OptionValueText(range.low) +
                     (range.low_excluded ? " and at most " : " to ") + OptionValueText(range.high);
  if (range.note != nullptr) text += std::string(" (") + range.note + ")";
  return text;
}

/// "--jobs must be from 0 to 1024 (0 = one per core); got 2000". A negative number given
/// to an unsigned setting wraps around while parsing: it is called negative.
template <class T>
std::string OutOfRangeMessage(const std::string& flag, T value, const OptionRange<T>& range) {
  const bool wrapped = std::is_unsigned_v<T> && value > std::numeric_limits<T>::max() / 2;
  return flag + " must be " + RangeText(range) + "; got " +
         (wrapped ? std::string("a negative number") : OptionValueText(value));
}

/// True if `value` is within the range (NaN never is).
template <class T>
bool InOptionRange(T value, const OptionRange<T>& range) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) return false;
  }
  return (range.low_excluded ? value > range.low : value >= range.low) && value <= range.high;
}

}  // namespace versus::engine
