// Decoding with libvips: shrink-on-load for the working view, a sequential read of one
// central band for native-resolution tiles (for a JPEG, libjpeg-turbo skips the rows
// above the band: jpeg_band.hpp). Only the band is decoded at full size, so a 24 MP
// JPEG never sits in memory whole.
#include "versus/engine/decoder.hpp"

#include <vips/vips8>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>

#include <opencv2/imgproc.hpp>

#include "jpeg_band.hpp"
#include "raw/raw_decode.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/xmp_rating.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;

// First line of a libvips error, made readable: "VipsJpeg: Premature end of JPEG file".
std::string VipsReason(const vips::VError& e) {
  std::string text = e.what();
  vips_error_clear();
  // libvips stacks messages one per line, sometimes after an empty one: keep the first.
  std::string first;
  for (std::size_t start = 0; start < text.size() && first.empty();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    first = text.substr(start, end - start);
    start = end + 1;
  }
  if (first.empty()) return "file is truncated or corrupt (the decoder stopped without a message)";
  for (const char* hint : {"Premature end", "truncated", "out of data", "unexpected end", "Corrupt", "corrupt"}) {
    if (first.find(hint) != std::string::npos) return "file is truncated or corrupt (" + first + ")";
  }
  return "could not decode (" + first + ")";
}

// Checks that fail before any decoding, with the most specific reason we can give.
void CheckReadable(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw Error(path.string(), "no such file");
  if (fs::is_directory(status)) throw Error(path.string(), "is a folder, not an image (use -r to search it)");
  if (!fs::is_regular_file(status)) throw Error(path.string(), "not a regular file");
  std::ifstream probe(path, std::ios::binary);
  if (!probe) {
    throw Error(path.string(), errno == EACCES ? "permission denied (cannot read the file)"
                                               : std::string("cannot open: ") + std::strerror(errno));
  }
  if (fs::file_size(path, ec) == 0) throw Error(path.string(), "empty file (0 bytes)");
}

// Any libvips image -> 8-bit sRGB, 3 bands, alpha flattened against white.
vips::VImage ToSrgb8(vips::VImage image) {
  const bool sixteen = image.format() == VIPS_FORMAT_USHORT;
  if (image.has_alpha()) {
    image = image.flatten(vips::VImage::option()
                              ->set("background", std::vector<double>{sixteen ? 65535.0 : 255.0})
                              ->set("max_alpha", sixteen ? 65535.0 : 255.0));
  }
  if (image.interpretation() != VIPS_INTERPRETATION_sRGB || image.format() != VIPS_FORMAT_UCHAR) {
    image = image.colourspace(VIPS_INTERPRETATION_sRGB);
  }
  if (image.bands() > 3) image = image.extract_band(0, vips::VImage::option()->set("n", 3));
  if (image.format() != VIPS_FORMAT_UCHAR) image = image.cast(VIPS_FORMAT_UCHAR);
  return image;
}

cv::Mat ToBgrMat(const vips::VImage& srgb) {
  size_t size = 0;
  void* data = srgb.write_to_memory(&size);
  cv::Mat rgb(srgb.height(), srgb.width(), CV_8UC3, data);
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  g_free(data);
  return bgr;
}

struct Band {
  int top = 0;
  int rows = 0;
};

// The central band of rows the native tiles come from: the subject is usually near
// the middle, and a band is one sequential read that stops early.
Band CentralBand(int height, int tile) {
  const int rows = std::min(height, tile);
  return {(height - rows) / 2, rows};
}

// Up to `count` tiles side by side across the middle 80% of the band's width.
std::vector<cv::Mat> TilesFromBand(const cv::Mat& band, int tile, int count) {
  std::vector<cv::Mat> tiles;
  const int size = std::min({tile, band.cols, band.rows});
  if (size < 16) {
    tiles.push_back(band.clone());
    return tiles;
  }
  const int margin = band.cols / 10;
  const int span = band.cols - 2 * margin;
  const int fit = std::max(1, std::min(count, span / size));
  for (int i = 0; i < fit; ++i) {
    const int x = margin + (span - size) * (fit == 1 ? 1 : 2 * i) / (fit == 1 ? 2 : 2 * (fit - 1));
    tiles.push_back(band(cv::Rect(x, 0, size, size)).clone());
  }
  return tiles;
}

// Refuses a picture over the pixel limit from its header, before its pixels are decoded.
void CheckPixelLimit(const vips::VImage& header, const std::string& label, const DecodeOptions& options) {
  const std::int64_t pixels = std::int64_t(header.width()) * header.height();
  if (pixels <= options.max_pixels) return;
  throw Error(label, "too large to decode safely: " + std::to_string(header.width()) + "x" +
                         std::to_string(header.height()) + " pixels is over the limit of " +
                         std::to_string(options.max_pixels / 1'000'000) + " megapixels (--max-pixels)");
}

vips::VOption* FailOnError() { return vips::VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR); }

// Shrink-on-load to the working size, never enlarged.
vips::VOption* ThumbnailOptions(const DecodeOptions& options) {
  return FailOnError()->set("height", options.working_size)->set("size", VIPS_SIZE_DOWN);
}

// A faster reader of the band's rows for some sources (a JPEG's): empty where it
// cannot give exactly libvips's pixels, and libvips then reads them.
using BandReader = std::function<std::optional<cv::Mat>(const Band&)>;

// The working view from `thumb`, native tiles from the central band of `full` (its
// rows from `fast_band` where that reads them). The view is made first, as before the
// fast band existed: a broken file fails there, with libvips's reason.
DecodedImage ViewOf(const vips::VImage& full, const vips::VImage& thumb, const DecodeOptions& options,
                    const BandReader& fast_band = nullptr) {
  DecodedImage out;
  out.width = full.width();
  out.height = full.height();
  out.working = ToBgrMat(ToSrgb8(thumb));
  const Band band = CentralBand(full.height(), options.tile_size);
  std::optional<cv::Mat> rows = fast_band ? fast_band(band) : std::nullopt;
  if (!rows) rows = ToBgrMat(ToSrgb8(full.extract_area(0, band.top, full.width(), band.rows)));
  out.tiles = TilesFromBand(*rows, options.tile_size, options.tile_count);
  return out;
}

// The largest power-of-two shrink libjpeg can apply while decoding (1/2, 1/4, 1/8 by
// its scaled IDCT) that still leaves `native_long` at least `long_side`.
int JpegShrinkFor(int native_long, int long_side) {
  int shrink = 1;
  while (shrink < 8 && native_long / (shrink * 2) >= long_side) shrink *= 2;
  return shrink;
}

// The shrink libvips's thumbnail applies on load for a working view of `working_size`
// (libvips 8.14, vips_thumbnail_find_jpegshrink): it leaves at least a 2x reduce after
// the load, for antialiasing. Loading at it ourselves gives thumbnail()'s pixels.
int ThumbnailJpegShrink(int native_long, int working_size) {
  const double shrink = double(native_long) / working_size;
  if (shrink >= 16) return 8;
  if (shrink >= 8) return 4;
  if (shrink >= 4) return 2;
  return 1;
}

// --- decode memory ---------------------------------------------------------------------

constexpr std::int64_t kRawDecodeBytes = std::int64_t(200) << 20;

std::string Loader(const vips::VImage& image) {
  const char* name = nullptr;
  if (vips_image_get_typeof(image.get_image(), "vips-loader") == 0 ||
      vips_image_get_string(image.get_image(), "vips-loader", &name) != 0 || name == nullptr) {
    return "";
  }
  return name;
}

// libjpeg-turbo reads a JPEG's band skipping the rows above it (jpeg_band.hpp); other
// formats, and JPEGs it does not take, go through libvips.
bool IsJpeg(const vips::VImage& header) { return Loader(header).starts_with("jpegload"); }

bool Interlaced(const vips::VImage& image) {
  int interlaced = 0;
  return vips_image_get_typeof(image.get_image(), "interlaced") != 0 &&
         vips_image_get_int(image.get_image(), "interlaced", &interlaced) == 0 && interlaced != 0;
}

// libvips decodes an interlaced PNG (all seven passes) or a GIF into one buffer before a
// single row comes out: neither shrink-on-load nor strips help.
bool DecodedWhole(const vips::VImage& header) {
  const std::string loader = Loader(header);
  return loader == "gifload" || (loader == "pngload" && Interlaced(header));
}

std::int64_t WholeImageBytes(const vips::VImage& header) {
  return std::int64_t(header.width()) * header.height() * header.bands() *
         std::int64_t(vips_format_sizeof(header.format()));
}

std::int64_t EstimateFromHeader(const vips::VImage& header, const DecodeOptions& options) {
  if (DecodedWhole(header)) return WholeImageBytes(header);
  const std::int64_t pixels = std::int64_t(header.width()) * header.height();
  // A progressive JPEG keeps every DCT coefficient (2 bytes; 1.5 planes at 4:2:0).
  if (Loader(header) == "jpegload" && Interlaced(header)) return pixels * 3;
  // Strips: the native band, once as read and once converted, plus the working view.
  const std::int64_t row = std::int64_t(header.width()) * header.bands() * vips_format_sizeof(header.format());
  const std::int64_t strips = row * (options.tile_size + 64) * 2 + std::int64_t(options.working_size) * options.working_size * 3;
  if (Loader(header) != "jpegload") return strips;
  // A JPEG's shrunk load is kept for the faces (DecodeJpeg).
  const int shrink = ThumbnailJpegShrink(std::max(header.width(), header.height()), options.working_size);
  return strips + pixels / (shrink * shrink) * header.bands();
}

// An image decoded whole, refused before decoding when that would take more memory than
// allowed, else decoded once into memory (the view and the band both come from it).
vips::VImage WholeInMemory(const vips::VImage& header, const std::string& file, const DecodeOptions& options) {
  const std::int64_t bytes = WholeImageBytes(header);
  if (bytes > options.max_whole_decode_bytes) {
    const std::string kind = Loader(header) == "gifload" ? "a GIF" : "an interlaced PNG";
    throw Error(file, "too large to decode safely: " + kind + " of " + std::to_string(header.width()) + "x" +
                          std::to_string(header.height()) + " pixels is decoded whole (it cannot be read in strips or "
                          "shrunk while loading), " + std::to_string(bytes >> 20) + " MiB, over the limit of " +
                          std::to_string(options.max_whole_decode_bytes >> 20) + " MiB");
  }
  return header.copy_memory();
}

// Reads `file` again, shrunk on load to `long_side` (faces.hpp: only photos with people).
std::function<cv::Mat(int)> LargerViewOfFile(const std::string& file) {
  return [file](int long_side) {
    try {
      auto down = FailOnError()->set("height", long_side)->set("size", VIPS_SIZE_DOWN);
      return ToBgrMat(ToSrgb8(vips::VImage::thumbnail(file.c_str(), long_side, down)));
    } catch (const vips::VError& e) {
      throw Error(file, VipsReason(e));
    }
  };
}

// `image` reduced to fit `long_side` (never enlarged) and turned upright by its
// orientation tag, as BGR: what libvips's thumbnail makes of a file, from pixels loaded.
cv::Mat ReducedTo(const vips::VImage& image, int long_side) {
  auto down = FailOnError()->set("height", long_side)->set("size", VIPS_SIZE_DOWN);
  return ToBgrMat(ToSrgb8(image.thumbnail_image(long_side, down)));
}

// A JPEG's larger view: reduced from `loaded` (its pixels as shrunk on load for the
// working view, kept in memory) where they cover `long_side`; else loaded again at
// libjpeg's largest shrink that does. libvips's thumbnail would leave a 2x reduce after
// its load, so the sizes faces ask for (1.2-3k px of a 24 MP photo) were a second
// decode at twice the size, or a full one: ~90 ms on one core, now 0 or ~45 ms.
std::function<cv::Mat(int)> LargerViewOfJpeg(const std::string& file, const vips::VImage& loaded, int native_long) {
  return [file, loaded, native_long](int long_side) {
    try {
      const bool covered = std::max(loaded.width(), loaded.height()) >= std::min(long_side, native_long);
      if (covered) return ReducedTo(loaded, long_side);
      // Read again in strips (sequential), as thumbnail() reads: never the whole decode in memory.
      return ReducedTo(vips::VImage::jpegload(file.c_str(), FailOnError()
                                                                ->set("shrink", JpegShrinkFor(native_long, long_side))
                                                                ->set("access", VIPS_ACCESS_SEQUENTIAL)),
                       long_side);
    } catch (const vips::VError& e) {
      throw Error(file, VipsReason(e));
    }
  };
}

// `image` turned upright by `orientation` (Exif 1-8), given apart from the picture's own
// tags (a raw's embedded JPEG: the raw's orientation applies).
vips::VImage Turned(vips::VImage image, int orientation) {
  if (orientation <= 1 || orientation > 8) return image;
  image = image.copy();
  image.set(VIPS_META_ORIENTATION, orientation);
  return image.autorot();
}

// An encoded JPEG's larger view (a raw's embedded preview, often the camera's full size):
// its bytes are kept (a few MB) and decoded again at libjpeg's largest shrink that covers
// `long_side`, so faces small in the working view of a raw are read as a JPEG's are.
std::function<cv::Mat(int)> LargerViewOfEncodedJpeg(std::shared_ptr<const std::string> bytes, const std::string& label,
                                                    int orientation, int native_long) {
  return [bytes, label, orientation, native_long](int long_side) {
    try {
      auto load = FailOnError()->set("shrink", JpegShrinkFor(native_long, long_side))->set("access", VIPS_ACCESS_SEQUENTIAL);
      // The raw's orientation, not the JPEG's own tag: thumbnail_image turns by it while it
      // reads the strips in order (an autorot after it could not).
      vips::VImage loaded = vips::VImage::new_from_buffer(bytes->data(), bytes->size(), "", load).copy();
      loaded.set(VIPS_META_ORIENTATION, orientation >= 1 && orientation <= 8 ? orientation : 1);
      return ReducedTo(loaded, long_side);
    } catch (const vips::VError& e) {
      throw Error(label, VipsReason(e));
    }
  };
}

// A view of pixels in memory: `bgr` is kept (shared, not copied) while the view is needed.
std::function<cv::Mat(int)> LargerViewOfPixels(const cv::Mat& bgr) {
  return [bgr](int long_side) {
    const double scale = std::min(1.0, double(long_side) / std::max(bgr.cols, bgr.rows));
    if (scale >= 1.0) return bgr.clone();
    cv::Mat out;
    cv::resize(bgr, out, cv::Size(), scale, scale, cv::INTER_AREA);
    return out;
  };
}

// A JPEG: loaded once at the shrink libvips's thumbnail would use, kept in memory for
// the working view and the faces' larger view; native rows from libjpeg (jpeg_band.hpp).
DecodedImage DecodeJpeg(const vips::VImage& header, const std::string& file, const DecodeOptions& options) {
  const int native_long = std::max(header.width(), header.height());
  // Random access: libvips decodes it into memory once, on the first pixels asked for.
  const vips::VImage loaded =
      vips::VImage::jpegload(file.c_str(), FailOnError()->set("shrink", ThumbnailJpegShrink(native_long, options.working_size)));
  const BandReader fast_band = [&file](const Band& band) { return jpeg::ReadBand(file, band.top, band.rows); };
  DecodedImage image = ViewOf(header, loaded.thumbnail_image(options.working_size, ThumbnailOptions(options)), options, fast_band);
  image.larger_view = LargerViewOfJpeg(file, loaded, native_long);
  return image;
}

}  // namespace

std::int64_t DecodeMemoryEstimate(const fs::path& path, const DecodeOptions& options) {
  // A raw is read by Exiv2 (a preview JPEG, a few MB) or developed by LibRaw: its
  // header says nothing libvips can use, and LibRaw holds the sensor data (2 bytes a
  // photosite) plus a 16-bit RGB image of about half size: ~200 MiB for 24 MP.
  if (IsRawFile(path)) return kRawDecodeBytes;
  EnsureVipsStarted();
  try {
    const vips::VImage header = vips::VImage::new_from_file(
        path.c_str(), vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
    return EstimateFromHeader(header, options);
  } catch (const vips::VError&) {
    vips_error_clear();
    return 0;
  }
}

bool IsImageFile(const fs::path& path) {
  EnsureVipsStarted();
  const char* loader = vips_foreign_find_load(path.c_str());
  vips_error_clear();
  if (loader == nullptr) return false;
  // libvips also reads numbers from text (CSV, matrix files): tables, not photographs.
  const std::string_view name = loader;
  return name.find("Csv") == std::string_view::npos && name.find("csv") == std::string_view::npos &&
         name.find("Matrix") == std::string_view::npos && name.find("matrix") == std::string_view::npos;
}

void EnsureVipsStarted() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("versus")) throw Error("could not start libvips");
    // Images are decoded in parallel by the caller, one per thread: no nested threads,
    // and no operation cache (every image is read once).
    vips_concurrency_set(1);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);  // nor pixels kept for reuse: memory is one image per thread
    // Loader warnings go to stderr by default; failures reach the user through
    // fail_on and engine::Error instead, once per file, with its path.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, [](const char*, GLogLevelFlags, const char*, gpointer) {},
                      nullptr);
  });
}

DecodedImage Decode(const fs::path& path, const DecodeOptions& options) {
  CheckReadable(path);
  EnsureVipsStarted();
  const std::string file = path.string();
  // Before libvips: it would read a DNG as a TIFF of raw sensor values.
  if (IsRawFile(path)) return raw::DecodeRaw(path, options);
  if (!IsImageFile(path)) throw Error(file, "not an image, or a format this libvips cannot read");
  try {
    // Header only: the pixel count is known before a byte of pixels is decoded.
    vips::VImage full = vips::VImage::new_from_file(file.c_str(), FailOnError()->set("access", VIPS_ACCESS_SEQUENTIAL));
    CheckPixelLimit(full, file, options);
    if (DecodedWhole(full)) {
      full = WholeInMemory(full, file, options);  // decoded once for the view and the band
      auto down = vips::VImage::option()->set("height", options.working_size)->set("size", VIPS_SIZE_DOWN);
      DecodedImage image = ViewOf(full, full.thumbnail_image(options.working_size, down), options);
      image.larger_view = LargerViewOfFile(file);
      return image;
    }
    if (IsJpeg(full)) return DecodeJpeg(full, file, options);
    DecodedImage image = ViewOf(
        full, vips::VImage::thumbnail(file.c_str(), options.working_size, ThumbnailOptions(options)), options);
    image.larger_view = LargerViewOfFile(file);
    return image;
  } catch (const vips::VError& e) {
    throw Error(file, VipsReason(e));
  }
}

DecodedImage DecodeEncoded(const void* data, std::size_t size, const std::string& label, int orientation,
                           const DecodeOptions& options) {
  EnsureVipsStarted();
  try {
    vips::VImage full = vips::VImage::new_from_buffer(data, size, "", FailOnError()->set("access", VIPS_ACCESS_SEQUENTIAL));
    CheckPixelLimit(full, label, options);
    // The blob does not own the bytes: they outlive every image made from it here.
    VipsBlob* blob = vips_blob_new(nullptr, data, size);
    const vips::VImage thumb = Turned(
        vips::VImage::thumbnail_buffer(blob, options.working_size, ThumbnailOptions(options)->set("no_rotate", true)),
        orientation);
    vips_area_unref(VIPS_AREA(blob));
    if (!IsJpeg(full)) return ViewOf(full, thumb, options);
    const BandReader fast_band = [&](const Band& band) { return jpeg::ReadBand(data, size, band.top, band.rows); };
    DecodedImage image = ViewOf(full, thumb, options, fast_band);
    auto bytes = std::make_shared<const std::string>(static_cast<const char*>(data), size);
    image.larger_view = LargerViewOfEncodedJpeg(std::move(bytes), label, orientation, std::max(full.width(), full.height()));
    return image;
  } catch (const vips::VError& e) {
    throw Error(label, VipsReason(e));
  }
}

DecodedImage FromPixels(const cv::Mat& pixels, const DecodeOptions& options) {
  if (pixels.empty()) throw Error("empty image (no pixels)");
  cv::Mat bgr;
  if (pixels.depth() != CV_8U) throw Error("pixels must be 8-bit");
  if (pixels.channels() == 1) cv::cvtColor(pixels, bgr, cv::COLOR_GRAY2BGR);
  else if (pixels.channels() == 4) cv::cvtColor(pixels, bgr, cv::COLOR_BGRA2BGR);
  else bgr = pixels;

  DecodedImage out;
  out.width = bgr.cols;
  out.height = bgr.rows;
  // The same libvips reduction as Decode(), so a file and its pixels measure the same.
  EnsureVipsStarted();
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  try {
    vips::VImage image = vips::VImage::new_from_memory(rgb.data, rgb.total() * rgb.elemSize(), rgb.cols,
                                                       rgb.rows, 3, VIPS_FORMAT_UCHAR);
    image = image.copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
    out.working = ToBgrMat(image.thumbnail_image(
        options.working_size,
        vips::VImage::option()->set("height", options.working_size)->set("size", VIPS_SIZE_DOWN)));
  } catch (const vips::VError& e) {
    throw Error(VipsReason(e));
  }
  const Band band = CentralBand(bgr.rows, options.tile_size);
  out.tiles = TilesFromBand(bgr(cv::Rect(0, band.top, bgr.cols, band.rows)), options.tile_size,
                            options.tile_count);
  // Pixels the caller owns outside OpenCV's reference counting may go away: copy those.
  out.larger_view = LargerViewOfPixels(bgr.u != nullptr ? bgr : bgr.clone());
  return out;
}

}  // namespace versus::engine
