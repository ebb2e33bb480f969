#include "gegl_pixels.hpp"

namespace versus::plugin {

RgbaPixels TakeBufferPixels(GeglBuffer* buffer) {
  const GeglRectangle extent = *gegl_buffer_get_extent(buffer);
  RgbaPixels pixels;
  pixels.width = extent.width;
  pixels.height = extent.height;
  pixels.rgba.resize(std::size_t(extent.width) * std::size_t(extent.height) * 4);
  // "R'G'B'A u8" is non-linear sRGB: babl converts from the drawable's own format.
  gegl_buffer_get(buffer, &extent, 1.0, babl_format("R'G'B'A u8"), pixels.rgba.data(), GEGL_AUTO_ROWSTRIDE,
                  GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return pixels;
}

}  // namespace versus::plugin
