// What the model sees of a photo: a JPEG no larger than the model's input needs (the
// vision towers of Co-Instruct-class models work at 384-1024 px), metadata stripped so
// no GPS position or serial number leaves the machine. The file itself is only read.
#include <vips/vips8>

#include <fstream>
#include <memory>

#include <opencv2/imgproc.hpp>

#include "lmm_pvt.hpp"
#include "versus/engine/decoder.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/xmp_rating.hpp"

namespace versus::engine::lmm {
namespace {

struct ChecksumDeleter {
  void operator()(GChecksum* c) const { g_checksum_free(c); }
};

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  std::unique_ptr<GChecksum, ChecksumDeleter> sum(g_checksum_new(G_CHECKSUM_SHA256));
  g_checksum_update(sum.get(), reinterpret_cast<const guchar*>(bytes.data()), static_cast<gssize>(bytes.size()));
  return g_checksum_get_string(sum.get());
}

std::string ContentHash(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string(), "cannot read the file to send it to the model");
  std::unique_ptr<GChecksum, ChecksumDeleter> sum(g_checksum_new(G_CHECKSUM_SHA256));
  std::vector<char> chunk(1 << 20);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    g_checksum_update(sum.get(), reinterpret_cast<const guchar*>(chunk.data()), in.gcount());
  }
  return g_checksum_get_string(sum.get());
}

namespace {

// A camera raw as the other judges see it (its largest usable embedded preview, or the
// developed raw data), upright: libvips alone would read a DNG as a TIFF of sensor values.
vips::VImage RawView(const std::filesystem::path& path, int long_side) {
  DecodeOptions options;
  options.working_size = long_side;
  const DecodedImage decoded = Decode(path, options);
  cv::Mat rgb;
  cv::cvtColor(decoded.working, rgb, cv::COLOR_BGR2RGB);
  return vips::VImage::new_from_memory(rgb.data, rgb.total() * rgb.elemSize(), rgb.cols, rgb.rows, 3, VIPS_FORMAT_UCHAR)
      .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
      .copy_memory();  // owns its pixels: `rgb` is gone when this returns
}

}  // namespace

std::string JpegDataUrl(const std::filesystem::path& path, int long_side) {
  EnsureVipsStarted();
  void* jpeg = nullptr;
  size_t size = 0;
  try {
    // thumbnail shrinks on load and applies the EXIF orientation; "down" never enlarges.
    vips::VImage image = IsRawFile(path) ? RawView(path, long_side)
                                         : vips::VImage::thumbnail(path.c_str(), long_side,
                                                                   vips::VImage::option()
                                                                       ->set("size", VIPS_SIZE_DOWN)
                                                                       ->set("height", long_side));
    // 16-bit, greyscale or CMYK sources become 8-bit sRGB (alpha scaled to 255) first.
    if (image.interpretation() != VIPS_INTERPRETATION_sRGB) image = image.colourspace(VIPS_INTERPRETATION_sRGB);
    if (image.has_alpha()) image = image.flatten(vips::VImage::option()->set("background", std::vector<double>{255.0}));
    image.write_to_buffer(".jpg", &jpeg, &size, vips::VImage::option()->set("Q", 90)->set("strip", true));
  } catch (const vips::VError& e) {
    vips_error_clear();
    throw Error(path.string(), std::string("could not make the JPEG sent to the model: ") + e.what());
  }
  gchar* base64 = g_base64_encode(static_cast<const guchar*>(jpeg), size);
  std::string url = std::string("data:image/jpeg;base64,") + base64;
  g_free(base64);
  g_free(jpeg);
  return url;
}

}  // namespace versus::engine::lmm
