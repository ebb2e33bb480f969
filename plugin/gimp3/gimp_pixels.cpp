#include "gimp_pixels.hpp"

#include <filesystem>
#include <memory>

#include "gegl_pixels.hpp"

namespace versus::plugin {
namespace {

// GIMP hands out strings the caller must g_free.
std::string TakeString(gchar* text) {
  std::unique_ptr<gchar, decltype(&g_free)> owned(text, g_free);
  return text != nullptr ? std::string(text) : std::string();
}

// A NULL-terminated array GIMP 3 returns with transfer "container": the array is ours,
// the objects are GIMP's.
template <typename T>
std::vector<T*> TakeArray(T** items) {
  std::vector<T*> list;
  for (T** item = items; item != nullptr && *item != nullptr; ++item) list.push_back(*item);
  g_free(items);
  return list;
}

RgbaPixels ReadBuffer(GimpDrawable* drawable) {
  GeglBuffer* buffer = gimp_drawable_get_buffer(drawable);
  if (buffer == nullptr) throw engine::Error("GIMP could not hand over the pixels of " + DrawableLabel(drawable));
  return TakeBufferPixels(buffer);
}

}  // namespace

std::vector<GimpImage*> OpenImages() { return TakeArray(gimp_get_images()); }

std::vector<GimpLayer*> ImageLayers(GimpImage* image) { return TakeArray(gimp_image_get_layers(image)); }

std::string ImageLabel(GimpImage* image) {
  // The file's name when there is one: GIMP 3 may call an opened PNG "[Untitled]".
  const std::string file = ImageFile(image);
  if (!file.empty()) return std::filesystem::path(file).filename().string();
  std::string name = TakeString(gimp_image_get_name(image));
  return name.empty() ? "image " + std::to_string(gimp_image_get_id(image)) : name;
}

std::string DrawableLabel(GimpDrawable* drawable) {
  GimpImage* image = gimp_item_get_image(GIMP_ITEM(drawable));
  const std::string label = ImageLabel(image);
  if (ImageLayers(image).size() <= 1) return label;
  return label + " / " + TakeString(gimp_item_get_name(GIMP_ITEM(drawable)));
}

Edit ReadDrawable(GimpImage* image, GimpDrawable* drawable) {
  if (drawable == nullptr || !gimp_item_is_valid(GIMP_ITEM(drawable))) {
    throw engine::Error("no drawable given, or it is no longer open");
  }
  const gint32 id = gimp_item_get_id(GIMP_ITEM(drawable));
  if (image != nullptr && gimp_item_get_image(GIMP_ITEM(drawable)) != image) {
    throw engine::Error("drawable " + std::to_string(id) + " does not belong to image " +
                        std::to_string(gimp_image_get_id(image)));
  }
  return {DrawableLabel(drawable), ReadBuffer(drawable)};
}

Edit ReadImage(GimpImage* image) {
  if (!gimp_image_is_valid(image)) throw engine::Error("an image is no longer open");
  if (ImageLayers(image).empty()) throw engine::Error(ImageLabel(image) + " has no layers: nothing to judge");
  // The copy goes whatever happens, or GIMP would list a stray image.
  struct ImageCopy {
    GimpImage* image;
    ~ImageCopy() { gimp_image_delete(image); }
  } copy{gimp_image_duplicate(image)};
  GimpLayer* flat = gimp_image_flatten(copy.image);
  if (flat == nullptr) throw engine::Error(ImageLabel(image) + ": GIMP could not flatten a copy of the image");
  return {ImageLabel(image), ReadBuffer(GIMP_DRAWABLE(flat))};
}

std::string ImageFile(GimpImage* image) {
  // The file it was opened from or saved to, as GIMP 2.10's gimp_image_get_filename.
  GFile* file = gimp_image_get_file(image);
  if (file == nullptr) return "";
  std::string path = TakeString(g_file_get_path(file));
  g_object_unref(file);
  return path;
}

}  // namespace versus::plugin
