#pragma once
// Pixels out of a GEGL buffer, as both GIMPs hand a drawable's over
// (gimp_drawable_get_buffer): babl converts any mode and precision to 8-bit non-linear RGBA.
#include <gegl.h>

#include "edit_comparison.hpp"

namespace versus::plugin {

/// The whole buffer as "R'G'B'A u8"; takes (unrefs) `buffer`.
RgbaPixels TakeBufferPixels(GeglBuffer* buffer);

}  // namespace versus::plugin
