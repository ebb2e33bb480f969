#include "star_writer.hpp"

namespace versus::plugin {

// Not wired yet: see star_writer.hpp.
StarWriter RatingWriter() { return {}; }

}  // namespace versus::plugin
