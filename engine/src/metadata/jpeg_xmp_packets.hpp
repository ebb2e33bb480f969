#pragma once
// The Exiv2 side of an XMP-only JPEG write: Exiv2 parses and serialises the packets
// (every property kept, whatever its namespace), jpeg_xmp_splice puts them into the
// file. Exiv2's own writeMetadata is not used for JPEG: it re-serialises IPTC and Exif.
#include <filesystem>
#include <functional>
#include <string_view>

#include <exiv2/exiv2.hpp>

#include "jpeg_xmp_splice.hpp"

namespace versus::engine::metadata {

/// The XMP properties of `jpeg`: the standard packet merged with the extended part it
/// names (xmpNote:HasExtendedXMP itself left out). `strict` (before a write) throws
/// engine::Error(label, reason) for a packet that does not parse, two standard packets,
/// or a named extended part that is missing or incomplete, since rewriting would lose
/// them; otherwise those read as whatever could be read.
Exiv2::XmpData DecodeJpegXmp(std::string_view jpeg, const std::filesystem::path& label, bool strict);

/// `xmp` serialised for a JPEG: one standard packet if it fits in a segment; else the
/// largest properties move, whole, into an extended part that the standard packet
/// names by GUID. xmp:* (Rating, Label, ...), versus:* and xmpNote:* always stay in the
/// standard packet, which every reader sees. Throws engine::Error(label, reason).
XmpPackets EncodeJpegXmp(const Exiv2::XmpData& xmp, const std::filesystem::path& label);

/// Edits the XMP of the JPEG file `path` in place: decode (strict), `edit`, encode,
/// splice, write. Every byte outside the XMP segments stays as it was. Throws
/// engine::Error(label, reason).
void RewriteJpegXmp(const std::filesystem::path& path, const std::function<void(Exiv2::XmpData&)>& edit,
                    const std::filesystem::path& label);

}  // namespace versus::engine::metadata
