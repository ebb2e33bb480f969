// Decoding and encoding a JPEG's XMP with Exiv2, Extended XMP included (XMP
// specification part 3, 1.1.3.1): Exiv2 0.27 reads only the standard packet, so the
// extended part is found, merged and split again here.
#include "jpeg_xmp_packets.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "metadata_pvt.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::metadata {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHasExtendedKey = "Xmp.xmpNote.HasExtendedXMP";
// As Exiv2 writes JPEG XMP itself: compact RDF in a packet wrapper. The extended part
// is a bare x:xmpmeta, without wrapper (spec part 3).
constexpr std::uint16_t kStandardFlags = Exiv2::XmpParser::useCompactFormat | Exiv2::XmpParser::omitAllFormatting;
constexpr std::uint16_t kExtendedFlags = kStandardFlags | Exiv2::XmpParser::omitPacketWrapper;

std::string Encode(const Exiv2::XmpData& xmp, std::uint16_t flags, const fs::path& label) {
  std::string packet;
  if (xmp.empty()) return packet;
  if (Exiv2::XmpParser::encode(packet, xmp, flags) != 0) {
    throw Error(label.string(), "Exiv2 cannot serialise its XMP; left unchanged");
  }
  return packet;
}

bool Decode(Exiv2::XmpData& xmp, const std::string& packet) {
  try {
    return packet.empty() || Exiv2::XmpParser::decode(xmp, packet) == 0;
  } catch (const std::exception&) {
    return false;
  }
}

// "Xmp.xmpMM.History[2]/stEvt:when" belongs to "Xmp.xmpMM.History": properties move whole.
std::string TopLevelProperty(const std::string& key) {
  const std::size_t cut = key.find_first_of("[/", key.find('.', 4));
  return key.substr(0, cut);
}

// What every reader must see, Exiv2 and others that ignore Extended XMP included.
bool StaysStandard(const std::string& key) {
  return key.rfind("Xmp.xmp.", 0) == 0 || key.rfind("Xmp.versus.", 0) == 0 || key.rfind("Xmp.xmpNote.", 0) == 0;
}

// The movable top-level properties, largest first.
std::vector<std::string> MovableBySize(const Exiv2::XmpData& xmp) {
  std::map<std::string, std::size_t> sizes;
  for (const Exiv2::Xmpdatum& datum : xmp) {
    if (!StaysStandard(datum.key())) sizes[TopLevelProperty(datum.key())] += datum.key().size() + datum.size();
  }
  std::vector<std::pair<std::size_t, std::string>> order;
  for (const auto& [name, size] : sizes) order.emplace_back(size, name);
  std::sort(order.begin(), order.end(), std::greater<>());
  std::vector<std::string> names;
  for (auto& entry : order) names.push_back(std::move(entry.second));
  return names;
}

void Split(const Exiv2::XmpData& xmp, const std::set<std::string>& moved, Exiv2::XmpData& standard,
           Exiv2::XmpData& extended) {
  standard.clear();
  extended.clear();
  for (const Exiv2::Xmpdatum& datum : xmp) {
    if (datum.key() == kHasExtendedKey) continue;
    (moved.count(TopLevelProperty(datum.key())) ? extended : standard).add(datum);
  }
}

}  // namespace

Exiv2::XmpData DecodeJpegXmp(std::string_view jpeg, const fs::path& label, bool strict) {
  EnsureExiv2Started();
  JpegXmp found;
  try {
    found = ReadJpegXmp(jpeg);
  } catch (const JpegStructureError& e) {
    throw Error(label.string(), std::string("its JPEG structure is damaged (") + e.what() + "); not rewriting it");
  }
  const auto refuse = [&](const std::string& why) {
    throw Error(label.string(), why + "; rewriting it would lose XMP, left unchanged (use --target sidecar)");
  };
  if (strict && found.standard_segments > 1) refuse("it holds " + std::to_string(found.standard_segments) + " XMP packets");
  Exiv2::XmpData xmp;
  if (!Decode(xmp, found.standard)) {
    if (strict) refuse("its XMP packet does not parse");
    xmp.clear();
  }
  const auto named = xmp.findKey(Exiv2::XmpKey(kHasExtendedKey));
  if (named == xmp.end()) return xmp;
  const std::string guid = named->toString();
  xmp.erase(named);
  const auto part = found.extended.find(guid);
  Exiv2::XmpData extended;
  if (part == found.extended.end() || !Decode(extended, part->second)) {
    if (strict) refuse("the Extended XMP its packet names (" + guid + ") is missing, incomplete or does not parse");
    return xmp;
  }
  for (const Exiv2::Xmpdatum& datum : extended) {
    if (xmp.findKey(Exiv2::XmpKey(datum.key())) == xmp.end()) xmp.add(datum);
  }
  return xmp;
}

XmpPackets EncodeJpegXmp(const Exiv2::XmpData& xmp, const fs::path& label) {
  EnsureExiv2Started();
  XmpPackets packets;
  packets.standard = Encode(xmp, kStandardFlags, label);
  if (packets.standard.size() <= kMaxStandardXmpPacket) return packets;
  // Move the largest properties out until the standard packet, GUID included (a
  // placeholder of the same length while sizing), fits.
  std::set<std::string> moved;
  Exiv2::XmpData standard, extended;
  for (const std::string& name : MovableBySize(xmp)) {
    moved.insert(name);
    Split(xmp, moved, standard, extended);
    standard[kHasExtendedKey] = std::string(32, '0');
    if (Encode(standard, kStandardFlags, label).size() > kMaxStandardXmpPacket) continue;
    packets.extended = Encode(extended, kExtendedFlags, label);
    packets.extended_guid = ExtendedXmpGuid(packets.extended);
    standard[kHasExtendedKey] = packets.extended_guid;
    packets.standard = Encode(standard, kStandardFlags, label);
    return packets;
  }
  throw Error(label.string(), "its XMP does not fit a JPEG even with Extended XMP (xmp:*, versus:* alone exceed " +
                                  std::to_string(kMaxStandardXmpPacket) + " bytes); left unchanged");
}

void RewriteJpegXmp(const fs::path& path, const std::function<void(Exiv2::XmpData&)>& edit, const fs::path& label) {
  const std::string before = ReadFileBytes(path, label);
  Exiv2::XmpData xmp = DecodeJpegXmp(before, label, true);
  edit(xmp);
  std::string after;
  try {
    after = SpliceJpegXmp(before, EncodeJpegXmp(xmp, label));
  } catch (const std::logic_error& e) {  // invalid_argument: a packet the splice refuses
    throw Error(label.string(), std::string("cannot embed its XMP (") + e.what() + "); left unchanged");
  }
  WriteFileBytes(path, after, label);
}

}  // namespace versus::engine::metadata
