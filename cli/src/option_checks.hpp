#pragma once
// Every numeric flag of every command is checked in one place: a value outside the
// accepted range stops the command with a usage error (exit 1) that names the flag and
// the range, e.g. "--jobs must be from 0 to 1024 (0 = one per core); got -1".
//
//   ("jobs,j", RangedValue(&flags.jobs, "--jobs", {0u, 1024u, "0 = one per core"})->default_value(0), "...")
//
// The check runs when boost::program_options notifies (po::notify), so ParsePathArgs
// and every other parser that catches po::error report it like any other bad flag.
#include <string>

#include <boost/program_options.hpp>

#include "versus/engine/option_range.hpp"

namespace versus::cli {

// The range, its message and the check are the engine's (versus/engine/option_range.hpp),
// shared with the judges' own settings.
using engine::InOptionRange;
using engine::OptionRange;
using engine::OptionValueText;
using engine::OutOfRangeMessage;
using engine::RangeText;

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
