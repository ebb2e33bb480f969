#include "gimp_pixels.hpp"

#include <memory>

#include "gegl_pixels.hpp"

namespace versus::plugin {
namespace {

// GIMP hands out strings the caller must g_free.
std::string TakeString(gchar* text) {
  std::unique_ptr<gchar, decltype(&g_free)> owned(text, g_free);
  return text != nullptr ? std::string(text) : std::string();
}

RgbaPixels ReadBuffer(gint32 drawable_id) {
  GeglBuffer* buffer = gimp_drawable_get_buffer(drawable_id);
  if (buffer == nullptr) throw engine::Error("GIMP could not hand over the pixels of " + DrawableLabel(drawable_id));
  return TakeBufferPixels(buffer);
}

}  // namespace

std::string ImageLabel(gint32 image_id) {
  std::string name = TakeString(gimp_image_get_name(image_id));
  return name.empty() ? "image " + std::to_string(image_id) : name;
}

std::string DrawableLabel(gint32 drawable_id) {
  const gint32 image_id = gimp_item_get_image(drawable_id);
  gint layer_count = 0;
  g_free(gimp_image_get_layers(image_id, &layer_count));
  const std::string image = ImageLabel(image_id);
  if (layer_count <= 1) return image;
  return image + " / " + TakeString(gimp_item_get_name(drawable_id));
}

Edit ReadDrawable(gint32 image_id, gint32 drawable_id) {
  if (!gimp_item_is_valid(drawable_id) || !gimp_item_is_drawable(drawable_id)) {
    throw engine::Error("drawable " + std::to_string(drawable_id) + " is not an open layer or channel");
  }
  if (image_id >= 0 && gimp_item_get_image(drawable_id) != image_id) {
    throw engine::Error("drawable " + std::to_string(drawable_id) + " does not belong to image " +
                        std::to_string(image_id));
  }
  return {DrawableLabel(drawable_id), ReadBuffer(drawable_id)};
}

Edit ReadImage(gint32 image_id) {
  if (!gimp_image_is_valid(image_id)) throw engine::Error("image " + std::to_string(image_id) + " is not open");
  gint layer_count = 0;
  g_free(gimp_image_get_layers(image_id, &layer_count));
  if (layer_count == 0) throw engine::Error(ImageLabel(image_id) + " has no layers: nothing to judge");
  // The copy goes whatever happens, or GIMP would list a stray image.
  struct ImageCopy {
    gint32 id;
    ~ImageCopy() { gimp_image_delete(id); }
  } copy{gimp_image_duplicate(image_id)};
  const gint32 flat = gimp_image_flatten(copy.id);
  if (flat < 0) throw engine::Error(ImageLabel(image_id) + ": GIMP could not flatten a copy of the image");
  return {ImageLabel(image_id), ReadBuffer(flat)};
}

std::string ImageFile(gint32 image_id) { return TakeString(gimp_image_get_filename(image_id)); }

}  // namespace versus::plugin
