#pragma once
/// The one exception type of sorting/: thrown at the API edge for input that cannot be
/// fitted (an index out of range, a NaN outcome, an invalid option). Its message names
/// the offending item, row or option and says what would be accepted, so a user can act
/// on it. Degenerate but well-defined input (no comparisons, one item, all ties,
/// self-comparisons) is NOT an error: see the solvers' headers for the defined results.
#include <stdexcept>
#include <string>

namespace versus::sorting {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace versus::sorting
