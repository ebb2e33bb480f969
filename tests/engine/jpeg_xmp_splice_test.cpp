// The JPEG XMP splice (engine/src/metadata/jpeg_xmp_splice.cpp) over bytes, and the
// XMP-only writer built on it, read back by exiftool and Exiv2: a packet is inserted
// or replaced, Extended XMP over 64 KB round-trips, every byte outside the XMP
// segments stays, and malformed segments are refused with a reason.
#include <gtest/gtest.h>

#include <exiv2/exiv2.hpp>

#include "../../engine/src/metadata/jpeg_xmp_splice.hpp"
#include "versus/engine/error.hpp"
#include "versus/engine/xmp_rating.hpp"
#include "xmp_test_files.hpp"

namespace versus::testing {
namespace {

namespace md = engine::metadata;

std::string RatingPacket(int stars) {
  return "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'>"
         "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about='' "
         "xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmp:Rating='" +
         std::to_string(stars) + "'/></rdf:RDF></x:xmpmeta><?xpacket end='w'?>";
}

std::vector<md::SegmentKind> Kinds(const std::string& jpeg) {
  std::vector<md::SegmentKind> kinds;
  for (const auto& s : md::ParseJpegSegments(jpeg)) kinds.push_back(s.kind);
  return kinds;
}

std::ptrdiff_t IndexOf(const std::vector<md::SegmentKind>& kinds, md::SegmentKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) - kinds.begin();
}

// What exiftool reads apart from XMP: a splice must leave all of it.
nlohmann::json NonXmpTags(nlohmann::json tags) {
  tags = OtherTags(tags);
  for (auto it = tags.begin(); it != tags.end();) it = it.key().rfind("XMP-", 0) == 0 ? tags.erase(it) : std::next(it);
  return tags;
}

// Exiv2 on its own (it reads the standard packet only): the rating a photo manager
// built on it would show.
int Exiv2Rating(const fs::path& file) {
  auto image = Exiv2::ImageFactory::open(file.string());
  image->readMetadata();
  const auto it = image->xmpData().findKey(Exiv2::XmpKey("Xmp.xmp.Rating"));
  return it == image->xmpData().end() ? -99 : static_cast<int>(it->toLong());
}

TEST(JpegXmpSplice, InsertsAfterExifWhenThereIsNoXmp) {
  TempDir dir;
  const fs::path file = dir / "camera.jpg";
  WriteSceneJpeg(file, 5, 0);
  ASSERT_EQ(RunCommand("exiftool -q -overwrite_original -Make=Canon -ISO=400 -IPTC:Keywords=horse " + QuotePath(file)).status, 0);
  const std::string original = ReadBytes(file);
  const auto before = ExifToolTags({file})[0];
  ASSERT_EQ(IndexOf(Kinds(original), md::SegmentKind::kStandardXmp), std::ptrdiff_t(Kinds(original).size()));

  const std::string spliced = md::SpliceJpegXmp(original, {RatingPacket(4), "", ""});
  const auto kinds = Kinds(spliced);
  const auto xmp_at = IndexOf(kinds, md::SegmentKind::kStandardXmp);
  ASSERT_LT(xmp_at, std::ptrdiff_t(kinds.size()));
  EXPECT_EQ(kinds[0], md::SegmentKind::kJfif);
  EXPECT_EQ(kinds[xmp_at - 1], md::SegmentKind::kExif) << "XMP follows the Exif segment";
  EXPECT_EQ(md::BytesOutsideXmp(spliced), original) << "the splice only adds the XMP segment";
  EXPECT_EQ(md::ReadJpegXmp(spliced).standard, RatingPacket(4));

  WriteBytes(file, spliced);
  EXPECT_EQ(ExifToolRating(file), 4);
  EXPECT_EQ(Exiv2Rating(file), 4);
  EXPECT_EQ(NonXmpTags(ExifToolTags({file})[0]), NonXmpTags(before));
}

TEST(JpegXmpSplice, ReplacesTheXmpSegmentWhereItWas) {
  TempDir dir;
  const fs::path file = dir / "tagged.jpg";
  WriteSceneJpeg(file, 6, 0);
  AddCameraMetadata({file});
  const std::string original = ReadBytes(file);
  const auto xmp_at = IndexOf(Kinds(original), md::SegmentKind::kStandardXmp);
  ASSERT_LT(xmp_at, std::ptrdiff_t(Kinds(original).size())) << "exiftool wrote XMP";

  const std::string spliced = md::SpliceJpegXmp(original, {RatingPacket(2), "", ""});
  EXPECT_EQ(IndexOf(Kinds(spliced), md::SegmentKind::kStandardXmp), xmp_at);
  EXPECT_EQ(Kinds(spliced).size(), Kinds(original).size());
  EXPECT_EQ(md::BytesOutsideXmp(spliced), md::BytesOutsideXmp(original));
  EXPECT_EQ(md::SpliceJpegXmp(spliced, {RatingPacket(2), "", ""}), spliced) << "same packet, same bytes";
  WriteBytes(file, spliced);
  EXPECT_EQ(ExifToolRating(file), 2);
}

TEST(JpegXmpSplice, ExtendedXmpIsChunkedAndReassembled) {
  TempDir dir;
  WriteSceneJpeg(dir / "a.jpg", 7, 0);
  const std::string original = ReadBytes(dir / "a.jpg");
  std::string extended(200'000, ' ');
  for (std::size_t i = 0; i < extended.size(); ++i) extended[i] = char('a' + i % 26);
  const std::string guid = md::ExtendedXmpGuid(extended);
  EXPECT_EQ(md::ExtendedXmpGuid("abc"), "900150983CD24FB0D6963F7D28E17F72") << "MD5, upper-case hex (RFC 1321)";

  const std::string spliced = md::SpliceJpegXmp(original, {RatingPacket(5), extended, guid});
  const auto segments = md::ParseJpegSegments(spliced);
  const auto chunks = std::count_if(segments.begin(), segments.end(),
                                    [](const auto& s) { return s.kind == md::SegmentKind::kExtendedXmp; });
  EXPECT_EQ(chunks, 4) << "200,000 bytes in chunks of " << md::kMaxExtendedXmpChunk;
  for (const auto& s : segments) EXPECT_LE(s.size, s.kind == md::SegmentKind::kScan ? spliced.size() : 65537u);
  const md::JpegXmp read = md::ReadJpegXmp(spliced);
  ASSERT_EQ(read.extended.count(guid), 1u);
  EXPECT_EQ(read.extended.at(guid), extended);
  EXPECT_TRUE(read.incomplete.empty());
  EXPECT_EQ(md::BytesOutsideXmp(spliced), original);
  EXPECT_THROW(md::SpliceJpegXmp(original, {std::string(md::kMaxStandardXmpPacket + 1, ' '), "", ""}),
               std::invalid_argument);
}

TEST(JpegXmpSplice, MalformedSegmentsAreRefusedWithAReason) {
  const std::string soi("\xFF\xD8", 2);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"GIF89a", "SOI"},
      {soi + std::string("\xFF\xE1\x00\x01", 4), "claims a length of 1"},
      {soi + std::string("\xFF\xE1\xFF\xFF", 4) + std::string(10, 'x'), "claims 65535 bytes but only 12 remain"},
      {soi + std::string("\xFF\xFE\x00\x04", 4) + "ab", "no SOS"},
      {soi + std::string("\x12\x34", 2), "where a JPEG marker must be"},
      {soi + std::string("\xFF\xD9", 2), "cannot come before the image data"},
      {soi + std::string("\xFF\xE1\x00", 3), "cut off"},
  };
  for (const auto& [bytes, reason] : cases) {
    try {
      md::ParseJpegSegments(bytes);
      ADD_FAILURE() << "accepted: " << reason;
    } catch (const md::JpegStructureError& e) {
      EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
    }
    EXPECT_THROW(md::SpliceJpegXmp(bytes, {RatingPacket(1), "", ""}), md::JpegStructureError) << reason;
    EXPECT_THROW(md::BytesOutsideXmp(bytes), md::JpegStructureError) << reason;
  }
}

// A JPEG whose XMP is over 64 KB (exiftool writes it as Extended XMP): versus merges the
// extended part when reading and keeps it when writing; exiftool reads the rating and
// every other tag, Exiv2 the rating; only XMP segments change.
TEST(JpegXmpWriter, XmpOver64KbRoundTripsThroughExtendedXmp) {
  TempDir dir;
  const fs::path file = dir / "big.jpg";
  WriteSceneJpeg(file, 8, 0);
  AddCameraMetadata({file});
  std::string description;
  for (int i = 0; description.size() < 100'000; ++i) description += "line " + std::to_string(i) + " of a long caption. ";
  WriteBytes(dir / "caption.txt", description);
  ASSERT_EQ(RunCommand("exiftool -q -overwrite_original '-XMP-dc:Description<=" + (dir / "caption.txt").string() + "' " +
                       QuotePath(file)).status, 0);
  const std::string original = ReadBytes(file);
  ASSERT_FALSE(md::ReadJpegXmp(original).extended.empty()) << "exiftool wrote Extended XMP";
  const auto before = ExifToolTags({file})[0];

  engine::RatingWriter writer({engine::RatingTarget::kEmbedded, engine::SidecarStyle::kDarktable, false, false, false});
  EXPECT_EQ(writer.Write(file, {4, 1.5, 0.7, "features", ""}).action, engine::RatingAction::kWritten);

  const std::string written = ReadBytes(file);
  EXPECT_EQ(md::BytesOutsideXmp(written), md::BytesOutsideXmp(original));
  const md::JpegXmp xmp = md::ReadJpegXmp(written);
  EXPECT_LE(xmp.standard.size(), md::kMaxStandardXmpPacket);
  ASSERT_EQ(xmp.extended.size(), 1u);
  EXPECT_GT(xmp.extended.begin()->second.size(), 100'000u);
  EXPECT_EQ(md::ExtendedXmpGuid(xmp.extended.begin()->second), xmp.extended.begin()->first);

  auto after = ExifToolTags({file})[0];
  EXPECT_FALSE(after.contains("ExifTool:Warning")) << after["ExifTool:Warning"];
  EXPECT_EQ(after["XMP-xmp:Rating"], 4);
  EXPECT_EQ(after["XMP-dc:Description"], description) << "the extended part was merged and kept";
  EXPECT_EQ(after["XMP-xmpNote:HasExtendedXMP"], xmp.extended.begin()->first);
  after.erase("XMP-xmpNote:HasExtendedXMP");
  nlohmann::json expected = OtherTags(before);
  expected.erase("XMP-xmpNote:HasExtendedXMP");
  EXPECT_EQ(OtherTags(after), expected);
  EXPECT_EQ(Exiv2Rating(file), 4);
  EXPECT_EQ(engine::ReadRatings(file).Rating(), 4);
}

TEST(JpegXmpWriter, IncompleteExtendedXmpIsNotRewritten) {
  TempDir dir;
  const fs::path file = dir / "cut.jpg";
  WriteSceneJpeg(file, 9, 0);
  WriteBytes(dir / "caption.txt", std::string(90'000, 'c'));
  ASSERT_EQ(RunCommand("exiftool -q -overwrite_original '-XMP-dc:Description<=" + (dir / "caption.txt").string() + "' " +
                       QuotePath(file)).status, 0);
  std::string bytes = ReadBytes(file);
  const auto segments = md::ParseJpegSegments(bytes);
  const auto last = std::find_if(segments.rbegin(), segments.rend(),
                                 [](const auto& s) { return s.kind == md::SegmentKind::kExtendedXmp; });
  ASSERT_NE(last, segments.rend());
  bytes.erase(last->offset, last->size);  // one chunk of the extended part lost
  WriteBytes(file, bytes);

  engine::RatingWriter writer({engine::RatingTarget::kEmbedded, engine::SidecarStyle::kDarktable, false, false, false});
  try {
    writer.Write(file, {3, {}, {}, "", ""});
    ADD_FAILURE() << "rewrote a file whose Extended XMP it could not read";
  } catch (const engine::Error& e) {
    EXPECT_NE(std::string(e.what()).find("Extended XMP"), std::string::npos) << e.what();
    EXPECT_EQ(e.path(), file.string());
  }
  EXPECT_EQ(ReadBytes(file), bytes);
}

}  // namespace
}  // namespace versus::testing
