// libFuzzer target for the JPEG XMP splice (engine/src/metadata/jpeg_xmp_splice.cpp):
// any bytes are walked as a JPEG header; where that succeeds, a packet is spliced in
// (with Extended XMP for some inputs) and the splice's promises are checked: every
// byte outside the XMP segments kept in order, the new packets read back exactly,
// a second splice changes nothing. Bytes the walk refuses must be refused by every
// entry point alike. Never crashes, never allocates what the input merely claims.
//
// Build and run by hand (from the project root; seeds in fuzz/corpus/xmp_splice):
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Iengine/src/metadata \
//     $(pkg-config --cflags glib-2.0) fuzz/xmp_splice_fuzzer.cpp engine/src/metadata/jpeg_xmp_splice.cpp \
//     $(pkg-config --libs glib-2.0) -o build/xmp_splice_fuzzer
//   mkdir -p /tmp/xmp_corpus && cp fuzz/corpus/xmp_splice/* /tmp/xmp_corpus/
//   build/xmp_splice_fuzzer -max_total_time=60 -max_len=80000 /tmp/xmp_corpus
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "jpeg_xmp_splice.hpp"

namespace {

using namespace versus::engine::metadata;

void Require(bool holds, const char* promise) {
  if (holds) return;
  std::fprintf(stderr, "xmp_splice_fuzzer: broken promise: %s\n", promise);
  std::abort();
}

template <typename Call>
bool Refuses(Call call) {
  try {
    call();
  } catch (const JpegStructureError&) {
    return true;
  }
  return false;
}

// A standard packet, and for a third of the inputs an extended part spanning one to
// four segments, its size taken from the input.
XmpPackets PacketsFor(std::string_view input) {
  XmpPackets packets;
  packets.standard = "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
                     "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/></x:xmpmeta>"
                     "<?xpacket end='w'?>" + std::to_string(input.size());
  if (input.size() % 3 != 0) return packets;
  const std::size_t extended_size = 1 + (input.size() * 7919) % (3 * kMaxExtendedXmpChunk + 1000);
  packets.extended.assign(extended_size, 'x');
  packets.extended.replace(0, std::min(extended_size, input.size()), input.substr(0, extended_size));
  packets.extended_guid = ExtendedXmpGuid(packets.extended);
  return packets;
}

void CheckSegmentsTileTheFile(std::string_view jpeg, const std::vector<JpegSegment>& segments) {
  std::size_t at = 2;
  for (const JpegSegment& segment : segments) {
    Require(segment.offset == at && segment.size > 0, "segments follow each other without gaps");
    at += segment.size;
  }
  Require(at == jpeg.size(), "the segments end where the file does");
  Require(!segments.empty() && segments.back().kind == SegmentKind::kScan, "the last segment is the scan");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view jpeg(reinterpret_cast<const char*>(data), size);
  const XmpPackets packets = PacketsFor(jpeg);
  std::vector<JpegSegment> segments;
  try {
    segments = ParseJpegSegments(jpeg);
  } catch (const JpegStructureError&) {
    Require(Refuses([&] { ReadJpegXmp(jpeg); }), "ReadJpegXmp refuses what the walk refuses");
    Require(Refuses([&] { SpliceJpegXmp(jpeg, packets); }), "SpliceJpegXmp refuses what the walk refuses");
    return 0;
  }
  CheckSegmentsTileTheFile(jpeg, segments);
  ReadJpegXmp(jpeg);  // whatever the input's XMP segments claim, reading them must not crash

  const std::string spliced = SpliceJpegXmp(jpeg, packets);
  CheckSegmentsTileTheFile(spliced, ParseJpegSegments(spliced));
  Require(BytesOutsideXmp(spliced) == BytesOutsideXmp(jpeg), "every byte outside XMP is kept, in order");
  const JpegXmp after = ReadJpegXmp(spliced);
  Require(after.standard_segments == 1 && after.standard == packets.standard, "the standard packet reads back");
  Require(after.incomplete.empty(), "no incomplete extended part is left behind");
  if (packets.extended.empty()) {
    Require(after.extended.empty(), "no extended part appears from nowhere");
  } else {
    Require(after.extended.size() == 1 && after.extended.count(packets.extended_guid) == 1 &&
                after.extended.at(packets.extended_guid) == packets.extended,
            "the extended part reads back under its GUID");
  }
  Require(SpliceJpegXmp(spliced, packets) == spliced, "splicing the same packets again changes nothing");
  return 0;
}
