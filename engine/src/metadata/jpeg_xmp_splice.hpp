#pragma once
// The JPEG side of an XMP-only write, as pure functions over bytes (no file I/O, no
// Exiv2), so the fuzzer (fuzz/xmp_splice_fuzzer.cpp) can drive them: walk the header
// segments, read the XMP packets (standard and Extended XMP, XMP specification part 3,
// section 1.1.3.1), and splice new packets in while every other byte stays as it was.
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace versus::engine::metadata {

/// Bytes that cannot be walked safely as a JPEG header; what() says where and why.
class JpegStructureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// APP1 payload signatures (the NUL is part of each).
inline constexpr std::string_view kStandardXmpSignature{"http://ns.adobe.com/xap/1.0/\0", 29};
inline constexpr std::string_view kExtendedXmpSignature{"http://ns.adobe.com/xmp/extension/\0", 35};
/// The most a standard packet may hold (XMP spec part 3: 65,535 less the length field,
/// the signature and the marker).
inline constexpr std::size_t kMaxStandardXmpPacket = 65502;
/// Extended XMP chunk payload: 65,533 less signature, 32-byte GUID, full length, offset.
inline constexpr std::size_t kMaxExtendedXmpChunk = 65533 - 35 - 32 - 4 - 4;

enum class SegmentKind {
  kOther,        ///< any marker segment versus leaves alone
  kJfif,         ///< APP0 (JFIF, JFXX, ...)
  kExif,         ///< APP1 "Exif\0\0"
  kStandardXmp,  ///< APP1 http://ns.adobe.com/xap/1.0/
  kExtendedXmp,  ///< APP1 http://ns.adobe.com/xmp/extension/
  kScan,         ///< from the first SOS to the end of the file: coded pixels, kept whole
};

struct JpegSegment {
  std::size_t offset = 0;  ///< of its first byte (fill bytes before a marker belong to it)
  std::size_t size = 0;    ///< bytes, marker and length included
  unsigned char marker = 0;
  SegmentKind kind = SegmentKind::kOther;
  bool IsXmp() const { return kind == SegmentKind::kStandardXmp || kind == SegmentKind::kExtendedXmp; }
};

/// The segments of `jpeg` after SOI, in order, ending with the kScan one. Throws
/// JpegStructureError for a missing SOI, a byte where a marker must be, a length that
/// is too short or runs past the end, an EOI or a second SOI before the scan, or no scan.
std::vector<JpegSegment> ParseJpegSegments(std::string_view jpeg);

/// The XMP a JPEG holds. Extended parts are keyed by GUID; only parts whose chunks
/// agree on the full length and cover it all are in `extended`, the others' GUIDs are
/// in `incomplete`. Which part belongs to the standard packet is the XMP's to say
/// (xmpNote:HasExtendedXMP).
struct JpegXmp {
  std::string standard;  ///< "" when there is none
  std::size_t standard_segments = 0;
  std::map<std::string, std::string> extended;
  std::vector<std::string> incomplete;
};

/// Throws JpegStructureError like ParseJpegSegments.
JpegXmp ReadJpegXmp(std::string_view jpeg);

/// What to splice in: a standard packet and, when it names one, the extended part.
struct XmpPackets {
  std::string standard;
  std::string extended;       ///< "" = none
  std::string extended_guid;  ///< 32 hex digits; required with `extended`
};

/// `jpeg` with every XMP segment (standard and extended) taken out and `packets` put
/// in: where the first standard XMP segment was, else after the leading APP0/Exif
/// segments (else right after SOI). Every other byte is copied as it was, in order.
/// Throws JpegStructureError for unwalkable input and std::invalid_argument for a
/// standard packet over kMaxStandardXmpPacket or a GUID that is not 32 characters.
std::string SpliceJpegXmp(std::string_view jpeg, const XmpPackets& packets);

/// The bytes of `jpeg` outside its XMP segments, in order: what a splice must keep.
std::string BytesOutsideXmp(std::string_view jpeg);

/// The GUID of an extended part: its MD5 digest as 32 uppercase hex digits.
std::string ExtendedXmpGuid(std::string_view extended_packet);

}  // namespace versus::engine::metadata
