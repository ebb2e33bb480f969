#include "jpeg_band.hpp"

#include <csetjmp>
#include <cstdio>
#include <memory>

// jpeglib.h needs FILE and size_t declared before it.
#include <jpeglib.h>

namespace versus::engine::jpeg {
namespace {

// libjpeg reports through this: an error jumps back to the phase that called libjpeg,
// a warning (corrupt data libjpeg papers over) is remembered so the band is not used.
struct Errors {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  bool warned;
};

[[noreturn]] void JumpBack(j_common_ptr cinfo) { std::longjmp(reinterpret_cast<Errors*>(cinfo->err)->jump, 1); }

void NoteWarning(j_common_ptr cinfo, int level) {
  if (level < 0) reinterpret_cast<Errors*>(cinfo->err)->warned = true;
}

// The two phases below call libjpeg, which may longjmp back into them: they hold no
// C++ object with a destructor, and the pixels are allocated between them.

// Header and settings; false where this path would not give libvips's pixels.
bool ReadHeader(jpeg_decompress_struct* cinfo, Errors* errors) {
  if (setjmp(errors->jump)) return false;
  jpeg_read_header(cinfo, TRUE);
  // libvips reads YCbCr and RGB JPEGs as sRGB with libjpeg's defaults; grey, CMYK and
  // YCCK go through conversions of its own.
  const bool colour = cinfo->jpeg_color_space == JCS_YCbCr || cinfo->jpeg_color_space == JCS_RGB;
  if (!colour || cinfo->num_components != 3 || cinfo->data_precision != 8) return false;
  cinfo->out_color_space = JCS_EXT_BGR;  // OpenCV's order straight from the colour conversion
  jpeg_calc_output_dimensions(cinfo);
  return !errors->warned;
}

// Skips `top` rows, then reads rows.rows rows into `rows` (allocated, output width).
bool ReadRows(jpeg_decompress_struct* cinfo, Errors* errors, int top, cv::Mat* rows) {
  if (setjmp(errors->jump)) return false;
  jpeg_start_decompress(cinfo);
  if (jpeg_skip_scanlines(cinfo, JDIMENSION(top)) != JDIMENSION(top)) return false;
  for (int y = 0; y < rows->rows; ++y) {
    JSAMPROW row = rows->ptr<JSAMPLE>(y);
    if (jpeg_read_scanlines(cinfo, &row, 1) != 1) return false;
  }
  jpeg_abort_decompress(cinfo);  // the rows below the band are never read
  return !errors->warned;
}

// A libjpeg decompressor with this file's error handling, destroyed on every path.
class Decompressor {
 public:
  Decompressor() {
    cinfo_.err = jpeg_std_error(&errors_.manager);
    errors_.manager.error_exit = JumpBack;
    errors_.manager.emit_message = NoteWarning;
    errors_.warned = false;
    jpeg_create_decompress(&cinfo_);
  }
  ~Decompressor() { jpeg_destroy_decompress(&cinfo_); }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  jpeg_decompress_struct* cinfo() { return &cinfo_; }

  std::optional<cv::Mat> Band(int top, int rows) {
    if (top < 0 || rows <= 0 || !ReadHeader(&cinfo_, &errors_)) return std::nullopt;
    if (std::int64_t(top) + rows > std::int64_t(cinfo_.output_height)) return std::nullopt;
    cv::Mat band(rows, int(cinfo_.output_width), CV_8UC3);
    if (!ReadRows(&cinfo_, &errors_, top, &band)) return std::nullopt;
    return band;
  }

 private:
  Errors errors_;
  jpeg_decompress_struct cinfo_;
};

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::optional<cv::Mat> ReadBand(const std::string& file, int top, int rows) {
  const std::unique_ptr<std::FILE, FileCloser> in(std::fopen(file.c_str(), "rb"));
  if (!in) return std::nullopt;
  Decompressor decompressor;
  jpeg_stdio_src(decompressor.cinfo(), in.get());
  return decompressor.Band(top, rows);
}

std::optional<cv::Mat> ReadBand(const void* data, std::size_t size, int top, int rows) {
  Decompressor decompressor;
  jpeg_mem_src(decompressor.cinfo(), static_cast<const unsigned char*>(data), static_cast<unsigned long>(size));
  return decompressor.Band(top, rows);
}

}  // namespace versus::engine::jpeg
