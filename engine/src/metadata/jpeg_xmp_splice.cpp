// Walking a JPEG header and splicing XMP segments, over bytes only. Every length is
// checked against what is left before it is used: the input is a user's file (or a
// fuzzer's), never trusted.
#include "jpeg_xmp_splice.hpp"

#include <glib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace versus::engine::metadata {
namespace {

constexpr std::size_t kGuidSize = 32;
constexpr std::size_t kExtendedHeaderSize = kExtendedXmpSignature.size() + kGuidSize + 4 + 4;
constexpr std::string_view kExifSignature{"Exif\0\0", 6};

unsigned Byte(std::string_view bytes, std::size_t at) { return static_cast<unsigned char>(bytes[at]); }

std::uint32_t BigEndian32(std::string_view bytes, std::size_t at) {
  return (std::uint32_t(Byte(bytes, at)) << 24) | (std::uint32_t(Byte(bytes, at + 1)) << 16) |
         (std::uint32_t(Byte(bytes, at + 2)) << 8) | std::uint32_t(Byte(bytes, at + 3));
}

void AppendBigEndian(std::string& out, std::uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out += static_cast<char>((value >> shift) & 0xFF);
}

std::string Hex(unsigned value) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[(value >> 4) & 0xF] + kDigits[value & 0xF];
}

// "0xFFE1 at byte 20": a marker as JPEG documents name it, and where it is.
std::string MarkerAt(unsigned marker, std::size_t offset) {
  return "0xFF" + Hex(marker).substr(2) + " at byte " + std::to_string(offset);
}

std::string At(std::size_t offset) { return " at byte " + std::to_string(offset); }

SegmentKind Classify(unsigned marker, std::string_view payload) {
  if (marker == 0xE0) return SegmentKind::kJfif;
  if (marker != 0xE1) return SegmentKind::kOther;
  if (payload.substr(0, kExifSignature.size()) == kExifSignature) return SegmentKind::kExif;
  if (payload.substr(0, kStandardXmpSignature.size()) == kStandardXmpSignature) return SegmentKind::kStandardXmp;
  if (payload.substr(0, kExtendedXmpSignature.size()) == kExtendedXmpSignature) return SegmentKind::kExtendedXmp;
  return SegmentKind::kOther;
}

// Markers that stand alone, without a length: RST0..RST7 and TEM.
bool Standalone(unsigned marker) { return (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01; }

// A segment's payload: after its fill bytes, marker and two length bytes.
std::string_view Payload(std::string_view jpeg, const JpegSegment& segment) {
  std::size_t at = segment.offset;
  while (Byte(jpeg, at) == 0xFF) ++at;
  const std::size_t start = at + 3;
  return jpeg.substr(start, segment.offset + segment.size - start);
}

// One chunk of an extended part, as found in its segment.
struct ExtendedChunk {
  std::uint32_t full_length = 0, offset = 0;
  std::string_view data;
};

// The whole part if its chunks agree on the full length and cover it; else "".
bool Reassemble(std::vector<ExtendedChunk> chunks, std::string& whole) {
  const std::uint32_t full = chunks.front().full_length;
  std::uint64_t total = 0;
  for (const ExtendedChunk& c : chunks) {
    if (c.full_length != full || std::uint64_t(c.offset) + c.data.size() > full) return false;
    total += c.data.size();
  }
  if (total < full) return false;  // cannot cover it: no allocation for a lying length
  std::sort(chunks.begin(), chunks.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  std::uint64_t covered = 0;
  for (const ExtendedChunk& c : chunks) {
    if (c.offset > covered) return false;  // a gap
    covered = std::max<std::uint64_t>(covered, std::uint64_t(c.offset) + c.data.size());
  }
  if (covered != full) return false;
  whole.assign(full, '\0');
  for (const ExtendedChunk& c : chunks) std::copy(c.data.begin(), c.data.end(), whole.begin() + c.offset);
  return true;
}

void AppendSegment(std::string& out, std::string_view head, std::string_view data) {
  out += "\xFF\xE1";
  AppendBigEndian(out, 2 + head.size() + data.size(), 2);
  out += head;
  out += data;
}

std::string NewXmpSegments(const XmpPackets& packets) {
  std::string out;
  if (packets.standard.empty()) return out;
  AppendSegment(out, kStandardXmpSignature, packets.standard);
  const std::string_view extended = packets.extended;
  for (std::size_t offset = 0; offset < extended.size(); offset += kMaxExtendedXmpChunk) {
    std::string head(kExtendedXmpSignature);
    head += packets.extended_guid;
    AppendBigEndian(head, extended.size(), 4);
    AppendBigEndian(head, offset, 4);
    AppendSegment(out, head, extended.substr(offset, kMaxExtendedXmpChunk));
  }
  return out;
}

void CheckPackets(const XmpPackets& packets) {
  if (packets.standard.size() > kMaxStandardXmpPacket) {
    throw std::invalid_argument("the standard XMP packet has " + std::to_string(packets.standard.size()) +
                                " bytes; a JPEG segment holds at most " + std::to_string(kMaxStandardXmpPacket));
  }
  if (packets.extended.empty()) return;
  if (packets.standard.empty()) throw std::invalid_argument("Extended XMP needs a standard packet that names it");
  if (packets.extended_guid.size() != kGuidSize) throw std::invalid_argument("the Extended XMP GUID is not 32 characters");
  if (packets.extended.size() > UINT32_MAX) throw std::invalid_argument("the Extended XMP is over 4 GB");
}

// Where new XMP goes: where the first standard packet was, else after the APP0/Exif
// segments that lead the file (XMP spec part 3 places XMP after them), else after SOI.
std::size_t InsertionIndex(const std::vector<JpegSegment>& segments) {
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (segments[i].kind == SegmentKind::kStandardXmp) return i;
  }
  std::size_t after = 0;
  for (std::size_t i = 0; i < segments.size() && segments[i].marker >= 0xE0 && segments[i].marker <= 0xEF; ++i) {
    if (segments[i].kind == SegmentKind::kJfif || segments[i].kind == SegmentKind::kExif) after = i + 1;
  }
  return after;
}

}  // namespace

std::vector<JpegSegment> ParseJpegSegments(std::string_view jpeg) {
  if (jpeg.size() < 2 || Byte(jpeg, 0) != 0xFF || Byte(jpeg, 1) != 0xD8) {
    throw JpegStructureError("it does not start with a JPEG SOI marker");
  }
  std::vector<JpegSegment> segments;
  std::size_t pos = 2;
  while (true) {
    const std::size_t start = pos;
    if (pos >= jpeg.size()) throw JpegStructureError("its header ends" + At(pos) + " before any image data (no SOS)");
    if (Byte(jpeg, pos) != 0xFF) throw JpegStructureError("byte " + std::to_string(pos) + " is " + Hex(Byte(jpeg, pos)) + " where a JPEG marker must be");
    while (pos < jpeg.size() && Byte(jpeg, pos) == 0xFF) ++pos;  // fill bytes
    if (pos >= jpeg.size()) throw JpegStructureError("its header ends" + At(pos) + " inside a marker");
    const unsigned marker = Byte(jpeg, pos++);
    if (marker == 0xDA) {
      segments.push_back({start, jpeg.size() - start, 0xDA, SegmentKind::kScan});
      return segments;
    }
    if (marker == 0x00 || marker == 0xD8 || marker == 0xD9) {
      throw JpegStructureError("marker " + MarkerAt(marker, start) + " cannot come before the image data");
    }
    if (Standalone(marker)) {
      segments.push_back({start, pos - start, static_cast<unsigned char>(marker), SegmentKind::kOther});
      continue;
    }
    if (pos + 2 > jpeg.size()) throw JpegStructureError("segment " + MarkerAt(marker, start) + " is cut off");
    const std::size_t length = (std::size_t(Byte(jpeg, pos)) << 8) | Byte(jpeg, pos + 1);
    if (length < 2) {
      throw JpegStructureError("segment " + MarkerAt(marker, start) + " claims a length of " +
                               std::to_string(length) + " (at least 2)");
    }
    if (pos + length > jpeg.size()) {
      throw JpegStructureError("segment " + MarkerAt(marker, start) + " claims " + std::to_string(length) +
                               " bytes but only " + std::to_string(jpeg.size() - pos) + " remain");
    }
    const SegmentKind kind = Classify(marker, jpeg.substr(pos + 2, length - 2));
    pos += length;
    segments.push_back({start, pos - start, static_cast<unsigned char>(marker), kind});
  }
}

JpegXmp ReadJpegXmp(std::string_view jpeg) {
  JpegXmp xmp;
  std::map<std::string, std::vector<ExtendedChunk>> parts;
  for (const JpegSegment& segment : ParseJpegSegments(jpeg)) {
    if (!segment.IsXmp()) continue;
    const std::string_view payload = Payload(jpeg, segment);
    if (segment.kind == SegmentKind::kStandardXmp) {
      if (xmp.standard_segments++ == 0) xmp.standard = payload.substr(kStandardXmpSignature.size());
      continue;
    }
    if (payload.size() < kExtendedHeaderSize) continue;  // too short to name its part: no reader can use it
    const std::size_t at = kExtendedXmpSignature.size();
    parts[std::string(payload.substr(at, kGuidSize))].push_back(
        {BigEndian32(payload, at + kGuidSize), BigEndian32(payload, at + kGuidSize + 4), payload.substr(kExtendedHeaderSize)});
  }
  for (auto& [guid, chunks] : parts) {
    std::string whole;
    if (Reassemble(chunks, whole)) xmp.extended[guid] = std::move(whole);
    else xmp.incomplete.push_back(guid);
  }
  return xmp;
}

std::string SpliceJpegXmp(std::string_view jpeg, const XmpPackets& packets) {
  CheckPackets(packets);
  const std::vector<JpegSegment> segments = ParseJpegSegments(jpeg);
  const std::size_t insert_at = InsertionIndex(segments);
  std::string out(jpeg.substr(0, 2));
  out.reserve(jpeg.size() + packets.standard.size() + packets.extended.size() + 1024);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i == insert_at) out += NewXmpSegments(packets);
    if (!segments[i].IsXmp()) out += jpeg.substr(segments[i].offset, segments[i].size);
  }
  return out;
}

std::string BytesOutsideXmp(std::string_view jpeg) {
  std::string out(jpeg.substr(0, 2));
  for (const JpegSegment& segment : ParseJpegSegments(jpeg)) {
    if (!segment.IsXmp()) out += jpeg.substr(segment.offset, segment.size);
  }
  return out;
}

std::string ExtendedXmpGuid(std::string_view extended_packet) {
  gchar* digest = g_compute_checksum_for_data(G_CHECKSUM_MD5, reinterpret_cast<const guchar*>(extended_packet.data()),
                                              extended_packet.size());
  std::string guid(digest);
  g_free(digest);
  std::transform(guid.begin(), guid.end(), guid.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  return guid;
}

}  // namespace versus::engine::metadata
