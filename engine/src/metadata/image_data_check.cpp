// Proof, before a rename, that a metadata edit left the picture alone. JPEG is checked
// byte for byte (cheap, and stricter than decoding: the coded data itself must be
// identical); other formats by decoding both files with libvips.
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include <vips/vips8>

#include "metadata_pvt.hpp"
#include "versus/engine/decoder.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::metadata {
namespace {

namespace fs = std::filesystem;

std::string FileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

bool IsJpegBytes(const std::string& bytes) {
  return bytes.size() >= 4 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
         static_cast<unsigned char>(bytes[1]) == 0xD8;
}

// A JPEG split by what a rating write may touch. `xmp` (APP1 XMP packets) and `comment`
// (COM: Exiv2 rewrites it with a trailing NUL, same text) may change; `exif_iptc`
// (APP1 Exif, APP13 IPTC) must stay byte-identical, and so must `image_data`: coding
// tables, frame header, ICC profile, other APPn and the scan from SOS to the end.
struct JpegParts {
  std::string image_data, exif_iptc;
  bool valid = false;
};

bool IsXmpSegment(const std::string& bytes, std::size_t pos, std::size_t end) {
  const std::string_view payload(bytes.data() + pos + 4, end - pos - 4);
  return payload.rfind("http://ns.adobe.com/xap/1.0/", 0) == 0 || payload.rfind("http://ns.adobe.com/xmp/extension/", 0) == 0;
}

JpegParts SplitJpeg(const std::string& bytes) {
  JpegParts parts;
  parts.image_data = bytes.substr(0, 2);
  std::size_t pos = 2;
  while (pos + 4 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[pos]) != 0xFF) return {};
    const unsigned char marker = static_cast<unsigned char>(bytes[pos + 1]);
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0xDA) {  // start of scan: the rest is pixels
      parts.image_data += bytes.substr(pos);
      parts.valid = true;
      return parts;
    }
    const bool standalone = (marker >= 0xD0 && marker <= 0xD9) || marker == 0x01;
    const std::size_t length =
        standalone ? 0
                   : (std::size_t(static_cast<unsigned char>(bytes[pos + 2])) << 8) | static_cast<unsigned char>(bytes[pos + 3]);
    const std::size_t end = pos + 2 + length;
    if (end > bytes.size()) return {};
    const bool xmp = marker == 0xE1 && IsXmpSegment(bytes, pos, end);
    if (marker == 0xE1 && !xmp) parts.exif_iptc += bytes.substr(pos, end - pos);
    if (marker == 0xED) parts.exif_iptc += bytes.substr(pos, end - pos);
    if (marker != 0xE1 && marker != 0xED && marker != 0xFE) parts.image_data += bytes.substr(pos, end - pos);
    pos = end;
  }
  return {};
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
  const std::string before = FileBytes(original);
  if (IsJpegBytes(before)) {
    const JpegParts kept = SplitJpeg(before);
    if (!kept.valid) throw Error(label.string(), "its JPEG structure is damaged; not rewriting it (use --target sidecar)");
    const JpegParts now = SplitJpeg(FileBytes(edited));
    if (now.image_data != kept.image_data) {
      throw Error(label.string(), "writing metadata would have changed the image data; left unchanged");
    }
    if (now.exif_iptc != kept.exif_iptc) {
      throw Error(label.string(), "writing XMP would have rewritten its Exif or IPTC; left unchanged (use --target sidecar)");
    }
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


bool IsJpeg(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4] = {};
  in.read(head, 4);
  return in.gcount() == 4 && IsJpegBytes(std::string(head, 4));
}

}  // namespace versus::engine::metadata
