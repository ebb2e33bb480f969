#include "report_thumbnails.hpp"

#include <vips/vips8>

#include <opencv2/imgproc.hpp>

namespace versus::cli {
namespace {

// WebP at quality 70: a 256 px thumbnail is ~5-10 KB, small enough to embed thousands.
constexpr int kWebpQuality = 70;

Thumbnail Encode(const cv::Mat& bgr, int long_side) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  vips::VImage view =
      vips::VImage::new_from_memory(rgb.data, rgb.total() * rgb.elemSize(), rgb.cols, rgb.rows, 3, VIPS_FORMAT_UCHAR)
          .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  // "down": a working view smaller than the thumbnail (a small photo) is not enlarged.
  vips::VImage small = view.thumbnail_image(
      long_side, vips::VImage::option()->set("height", long_side)->set("size", VIPS_SIZE_DOWN));
  void* bytes = nullptr;
  std::size_t size = 0;
  small.write_to_buffer(".webp", &bytes, &size, vips::VImage::option()->set("Q", kWebpQuality)->set("strip", true));
  Thumbnail thumbnail{std::string(static_cast<const char*>(bytes), size), small.width(), small.height()};
  g_free(bytes);
  return thumbnail;
}

}  // namespace

void ThumbnailStore::Add(const std::string& path, const engine::DecodedImage& image) {
  if (image.working.empty() || image.working.type() != CV_8UC3) return;
  Thumbnail thumbnail;
  try {
    thumbnail = Encode(image.working, long_side_);
  } catch (const vips::VError&) {
    vips_error_clear();
    return;
  }
  std::lock_guard lock(mutex_);
  thumbnails_[path] = std::move(thumbnail);
}

const Thumbnail* ThumbnailStore::Find(const std::string& path) const {
  std::lock_guard lock(mutex_);
  const auto it = thumbnails_.find(path);
  return it == thumbnails_.end() ? nullptr : &it->second;
}

std::string Base64(std::string_view bytes) {
  gchar* text = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string out(text);
  g_free(text);
  return out;
}

}  // namespace versus::cli
