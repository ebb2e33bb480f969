// Proof, before a rename, that a metadata edit left the picture alone. JPEG is checked
// byte for byte outside the XMP segments (the guard that proves the splice: Exif, IPTC,
// ICC, comments and coded data identical); other formats by decoding both files with
// libvips. Also the byte I/O of the JPEG splice.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <vips/vips8>

#include "jpeg_xmp_splice.hpp"
#include "metadata_pvt.hpp"
#include "versus/engine/decoder.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::metadata {
namespace {

namespace fs = std::filesystem;

bool IsJpegBytes(const std::string& bytes) {
  return bytes.size() >= 4 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
         static_cast<unsigned char>(bytes[1]) == 0xD8;
}

// The segments a rating write must keep byte for byte: all but XMP.
std::vector<std::string_view> KeptSegments(std::string_view jpeg) {
  std::vector<std::string_view> kept;
  for (const JpegSegment& segment : ParseJpegSegments(jpeg)) {
    if (!segment.IsXmp()) kept.push_back(jpeg.substr(segment.offset, segment.size));
  }
  return kept;
}

// Why `edited` is not `original` outside the XMP segments, or "" when it is.
std::string JpegDifference(const std::string& original, const std::string& edited) {
  const std::vector<std::string_view> before = KeptSegments(original), after = KeptSegments(edited);
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (i < after.size() && after[i] == before[i]) continue;
    if (i + 1 == before.size()) return "writing metadata would have changed the image data; left unchanged";
    char marker[8];
    std::snprintf(marker, sizeof marker, "0xFF%02X", static_cast<unsigned char>(before[i][before[i].find_first_not_of('\xFF')]));
    return std::string("writing XMP would have rewritten segment ") + marker +
           " (Exif, IPTC or another segment outside XMP); left unchanged (use --target sidecar)";
  }
  if (after.size() != before.size()) return "writing XMP would have added segments outside XMP; left unchanged";
  return "";
}

// A file opened for one comparison. Loaded through a source, not by name: libvips
// caches loads by file name, and a temp file's name can come round again.
class OpenedImage {
 public:
  explicit OpenedImage(const fs::path& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) throw vips::VError("cannot open " + path.string());
    image_ = vips::VImage::new_from_source(vips::VSource::new_from_descriptor(fd_), "",
                                           vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
  }
  ~OpenedImage() { ::close(fd_); }
  OpenedImage(const OpenedImage&) = delete;
  OpenedImage& operator=(const OpenedImage&) = delete;
  const vips::VImage& image() const { return image_; }

 private:
  int fd_;
  vips::VImage image_;
};

bool SamePixels(const fs::path& a, const fs::path& b) {
  EnsureVipsStarted();
  const OpenedImage first_file(a), second_file(b);
  const vips::VImage& first = first_file.image();
  const vips::VImage& second = second_file.image();
  if (first.width() != second.width() || first.height() != second.height() || first.bands() != second.bands() ||
      first.format() != second.format()) {
    return false;
  }
  // (a == b) is 255 where a band agrees; its minimum is 255 only if every sample does.
  return (first == second).min() == 255.0;
}

}  // namespace

void CheckImageDataUnchanged(const fs::path& edited, const fs::path& original, const fs::path& label) {
  const std::string before = ReadFileBytes(original, label);
  if (IsJpegBytes(before)) {
    std::string difference;
    try {
      difference = JpegDifference(before, ReadFileBytes(edited, label));
    } catch (const JpegStructureError& e) {
      throw Error(label.string(), std::string("its JPEG structure is damaged (") + e.what() +
                                      "); not rewriting it (use --target sidecar)");
    }
    if (!difference.empty()) throw Error(label.string(), difference);
    return;
  }
  bool same = false;
  try {
    same = SamePixels(edited, original);
  } catch (const vips::VError&) {
    throw Error(label.string(), "cannot check that its pixels stay unchanged (it does not decode); "
                                "left unchanged (use --target sidecar)");
  }
  if (!same) throw Error(label.string(), "writing metadata would have changed the pixels; left unchanged");
}

std::string ReadFileBytes(const fs::path& path, const fs::path& label) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) throw Error(label.string(), "cannot read it: " + std::string(std::strerror(errno)));
  std::string bytes{std::istreambuf_iterator<char>(in), {}};
  if (in.bad()) throw Error(label.string(), "cannot read it: " + std::string(std::strerror(errno)));
  return bytes;
}

void WriteFileBytes(const fs::path& path, const std::string& bytes, const fs::path& label) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  std::size_t written = 0;
  while (fd >= 0 && written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += std::size_t(n);
  }
  const int error = errno;
  if (fd >= 0) ::close(fd);
  if (written == bytes.size() && fd >= 0) return;
  const std::string why = error == ENOSPC || error == EDQUOT ? "the disk is full" : std::strerror(error);
  throw Error(label.string(), "cannot write the edited copy: " + why + "; left unchanged");
}

bool IsJpeg(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4] = {};
  in.read(head, 4);
  return in.gcount() == 4 && IsJpegBytes(std::string(head, 4));
}

}  // namespace versus::engine::metadata
