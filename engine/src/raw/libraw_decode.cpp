// Raw data through LibRaw, for raws without a usable embedded preview. LibRaw returns
// success on truncated and metadata-only files and hands back black or garbage pixels,
// so the data is checked against the file before and after unpacking.
#include <libraw/libraw.h>

#include <cstdint>
#include <memory>
#include <system_error>

#include <opencv2/imgproc.hpp>

#include "raw_decode.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::raw {
namespace {

namespace fs = std::filesystem;

std::string LibRawReason(int code) { return std::string(libraw_strerror(code)); }

// LibRaw's decoders do not stop at the end of a truncated file, and some give up early
// on a few bytes of data: either way unpack() says OK and the raw buffer holds zeros or
// whatever that memory held before. This stream counts what they read and what they
// asked for past the end.
#ifdef LIBRAW_NO_IOSTREAMS_DATASTREAM
using FileStream = LibRaw_bigfile_datastream;  // LibRaw 0.21 (Debian 13) leaves the iostream one out
#else
using FileStream = LibRaw_file_datastream;
#endif
class CountingStream : public FileStream {
 public:
  using FileStream::FileStream;
  int read(void* ptr, size_t size, size_t nmemb) override {
    const int got = FileStream::read(ptr, size, nmemb);
    if (got < 0) return got;
    bytes_read += std::size_t(got) * size;
    if (std::size_t(got) < nmemb) bytes_past_end += (nmemb - std::size_t(got)) * size;
    return got;
  }
  int get_char() override {
    const int c = FileStream::get_char();
    ++(c < 0 ? bytes_past_end : bytes_read);
    return c;
  }
  void Reset() { bytes_read = bytes_past_end = 0; }
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_past_end = 0;
};

// Bit readers may look a few bytes ahead of the data's last byte; more is missing data.
constexpr std::uint64_t kReadAheadSlackBytes = 1024;
// No camera compresses raw data below one bit per pixel (lossless codecs keep ~4-8).
constexpr std::uint64_t kMinBitsPerPixel = 1;

// What unpack() read must be raw data for every pixel, all of it inside the file.
void CheckDataWasRead(const CountingStream& stream, int data_errors, const libraw_image_sizes_t& sizes) {
  if (stream.bytes_past_end > kReadAheadSlackBytes || data_errors > 0) {
    throw Error("raw data cut off (its decoder ran past the end of the file): a truncated copy");
  }
  const std::uint64_t pixels = std::uint64_t(sizes.raw_width) * sizes.raw_height;
  if (stream.bytes_read * 8 < pixels * kMinBitsPerPixel) {
    throw Error("raw data missing (" + std::to_string(stream.bytes_read) + " bytes of data for " +
                std::to_string(sizes.raw_width) + "x" + std::to_string(sizes.raw_height) +
                " pixels): a metadata-only or truncated copy");
  }
}

// LibRaw's "unexpected end of file" report (printed to stderr by default): counted.
void CountDataError(void* count, const char* /*file*/, const int /*offset*/) { ++*static_cast<int*>(count); }

// The file must hold the raw data the header points at.
void CheckDataInFile(LibRaw& raw, const fs::path& path) {
  std::error_code ec;
  const std::uintmax_t file_size = fs::file_size(path, ec);
  const auto& unpacker = raw.get_internal_data_pointer()->unpacker_data;
  const std::int64_t offset = unpacker.data_offset;
  if (ec || offset <= 0) return;  // layouts LibRaw does not describe by offset: checked after unpacking
  if (std::uintmax_t(offset) >= file_size) {
    throw Error("raw data missing (the file ends at byte " + std::to_string(file_size) +
                ", where its raw data should start at byte " + std::to_string(offset) +
                "): a metadata-only or truncated copy");
  }
  if (unpacker.data_size > 0 && std::uintmax_t(offset) + unpacker.data_size > file_size) {
    throw Error("raw data cut off (" + std::to_string(file_size - offset) + " of its " +
                std::to_string(unpacker.data_size) + " bytes are in the file): a truncated copy");
  }
}

// Bayer, 3- or 4-colour, integer or float: rows of raw_pitch bytes whichever it is.
const std::uint8_t* RawBuffer(const libraw_rawdata_t& data) {
  for (const void* p : {static_cast<const void*>(data.raw_image), static_cast<const void*>(data.color3_image),
                        static_cast<const void*>(data.color4_image), static_cast<const void*>(data.float_image),
                        static_cast<const void*>(data.float3_image), static_cast<const void*>(data.float4_image)}) {
    if (p != nullptr) return static_cast<const std::uint8_t*>(p);
  }
  return nullptr;
}

bool RowIsZero(const std::uint8_t* row, std::size_t bytes) {
  for (std::size_t i = 0; i < bytes; ++i) {
    if (row[i] != 0) return false;
  }
  return true;
}

// A real exposure never reads zero everywhere (black level, noise): zero rows at the end
// are where a truncated file's data stopped.
void CheckUnpackedData(const LibRaw& raw) {
  const libraw_rawdata_t& data = raw.imgdata.rawdata;
  const std::uint8_t* base = RawBuffer(data);
  const std::size_t rows = data.sizes.raw_height, pitch = data.sizes.raw_pitch;
  if (base == nullptr || rows == 0 || pitch == 0) throw Error("raw data missing (LibRaw unpacked nothing)");
  std::size_t empty_tail = 0;
  while (empty_tail < rows && RowIsZero(base + (rows - 1 - empty_tail) * pitch, pitch)) ++empty_tail;
  if (empty_tail == rows) throw Error("raw data missing (every sample is zero): a metadata-only or truncated copy");
  if (empty_tail * 10 >= rows) {
    throw Error("raw data cut off (the last " + std::to_string(empty_tail) + " of " + std::to_string(rows) +
                " rows are empty): a truncated copy");
  }
}

cv::Mat ToBgr(const libraw_processed_image_t& image) {
  if (image.type != LIBRAW_IMAGE_BITMAP || image.bits != 8 || (image.colors != 3 && image.colors != 1)) {
    throw Error("LibRaw produced an unexpected picture (" + std::to_string(image.colors) + " colours, " +
                std::to_string(image.bits) + " bits)");
  }
  const cv::Mat wrapped(image.height, image.width, image.colors == 3 ? CV_8UC3 : CV_8UC1,
                        const_cast<unsigned char*>(image.data));
  cv::Mat bgr;
  cv::cvtColor(wrapped, bgr, image.colors == 3 ? cv::COLOR_RGB2BGR : cv::COLOR_GRAY2BGR);
  return bgr;
}

}  // namespace

cv::Mat DecodeRawData(const fs::path& path, std::int64_t max_pixels) {
  CountingStream stream(path.c_str());     // outlives `raw`, which reads through it
  auto raw = std::make_unique<LibRaw>();    // large: keep it off the worker's stack
  int data_errors = 0;
  raw->set_dataerror_handler(&CountDataError, &data_errors);
  if (!stream.valid()) throw Error("LibRaw cannot open the file");
  if (const int rc = raw->open_datastream(&stream); rc != LIBRAW_SUCCESS) {
    throw Error("LibRaw cannot read its raw data (" + LibRawReason(rc) + ")");
  }
  const std::int64_t pixels = std::int64_t(raw->imgdata.sizes.width) * raw->imgdata.sizes.height;
  if (pixels > max_pixels) {
    throw Error("raw data too large to decode safely: " + std::to_string(raw->imgdata.sizes.width) + "x" +
                std::to_string(raw->imgdata.sizes.height) + " pixels is over the limit of " +
                std::to_string(max_pixels / 1'000'000) + " megapixels (--max-pixels)");
  }
  CheckDataInFile(*raw, path);
  stream.Reset();  // reading the header may probe past the end; the data may not
  data_errors = 0;
  if (const int rc = raw->unpack(); rc != LIBRAW_SUCCESS) {
    throw Error("raw data unreadable (LibRaw: " + LibRawReason(rc) + "): a truncated or damaged file");
  }
  CheckDataWasRead(stream, data_errors, raw->imgdata.sizes);
  CheckUnpackedData(*raw);
  libraw_output_params_t& params = raw->imgdata.params;
  params.output_bps = 8;
  params.use_camera_wb = 1;
  params.half_size = pixels > kHalfSizeAbovePixels ? 1 : 0;
  if (const int rc = raw->dcraw_process(); rc != LIBRAW_SUCCESS) {
    throw Error("raw data could not be developed (LibRaw: " + LibRawReason(rc) + ")");
  }
  int rc = LIBRAW_SUCCESS;
  std::unique_ptr<libraw_processed_image_t, void (*)(libraw_processed_image_t*)> image(
      raw->dcraw_make_mem_image(&rc), &LibRaw::dcraw_clear_mem);
  if (!image) throw Error("raw data could not be developed (LibRaw: " + LibRawReason(rc) + ")");
  return ToBgr(*image);
}

}  // namespace versus::engine::raw
