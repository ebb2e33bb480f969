// Faces and eyes (faces.hpp) on real faces from ../shared/data/eyes and photos, and how
// the judges weigh them (face_weighing.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "face_crops.hpp"
#include "versus/engine.hpp"
#include "versus/engine/face_weighing.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;
using versus::testing::SharedData;

using versus::testing::EyesCrop;
using versus::testing::OnCanvas;
const auto& kClosedCrops = versus::testing::kClosedEyeCrops;
const auto& kOpenCrops = versus::testing::kOpenEyeCrops;

const FaceFinder& Finder() {
  static const FaceFinder finder(fs::path(VERSUS_BINARY_DIR) / "share/versus/models");
  return finder;
}

cv::Mat Crop(const std::string& relative) {
  const cv::Mat crop = EyesCrop(relative);
  EXPECT_FALSE(crop.empty()) << relative;
  return crop;
}

std::vector<Face> FacesOf(const cv::Mat& bgr) { return Finder().Find(FromPixels(bgr)); }

TEST(Faces, ClosedEyesReadClosed) {
  for (const char* name : kClosedCrops) {
    const std::vector<Face> faces = FacesOf(OnCanvas(Crop(name)));
    ASSERT_EQ(faces.size(), 1u) << name;
    EXPECT_EQ(faces[0].eyes, EyeState::kClosed) << name << " P(closed) " << faces[0].closed_probability;
  }
}

TEST(Faces, OpenEyesReadOpen) {
  for (const char* name : kOpenCrops) {
    const std::vector<Face> faces = FacesOf(OnCanvas(Crop(name)));
    ASSERT_EQ(faces.size(), 1u) << name;
    EXPECT_EQ(faces[0].eyes, EyeState::kOpen) << name << " P(closed) " << faces[0].closed_probability;
    EXPECT_FALSE(std::isnan(faces[0].eye_sharpness));
  }
}

TEST(Faces, ClassifierReadsEyesTheLidGapAloneMisreads) {
  // Two faces of the eyes set's evaluation part (versus-fit-eyes, seed 1: never fitted
  // on): lowered eyes shut under a long lash line, whose lid gap (0.25) the old formula
  // read open (closed under 0.19), and a broad smile's narrowed open eyes, lid gap 0.192,
  // on that formula's edge (P(closed) 0.24 here).
  const struct {
    const char* name;
    EyeState eyes;
  } kCases[] = {{"closed/closed_eye_0690.jpg_face_1.jpg", EyeState::kClosed}, {"open/face_4326.jpg", EyeState::kOpen}};
  for (const auto& c : kCases) {
    const std::vector<Face> faces = FacesOf(OnCanvas(Crop(c.name)));
    ASSERT_EQ(faces.size(), 1u) << c.name;
    EXPECT_EQ(faces[0].eyes, c.eyes) << c.name << " P(closed) " << faces[0].closed_probability << ", lid gap "
                                     << faces[0].openness;
  }
}

TEST(Faces, TinyOrBlurredFacesAreNeverClosed) {
  const cv::Mat closed = Crop(kClosedCrops[0]);
  // A closed-eye face 40 px wide in a 640 px frame: too small to tell.
  cv::Mat frame(480, 640, CV_8UC3, cv::Scalar::all(128));
  cv::Mat small;
  cv::resize(closed, small, cv::Size(40, 40 * closed.rows / closed.cols), 0, 0, cv::INTER_AREA);
  small.copyTo(frame(cv::Rect(300, 200, small.cols, small.rows)));
  for (const Face& f : FacesOf(frame)) EXPECT_NE(f.eyes, EyeState::kClosed) << f.unknown_why;
  // The same face large but blurred.
  cv::Mat blurred;
  cv::GaussianBlur(OnCanvas(closed, 300.0 / closed.cols), blurred, cv::Size(), 6.0);
  const std::vector<Face> faces = FacesOf(blurred);
  for (const Face& f : faces) {
    EXPECT_EQ(f.eyes, EyeState::kUnknown) << "openness " << f.openness << ", eye sharpness " << f.eye_sharpness;
    EXPECT_FALSE(f.unknown_why.empty());
  }
}

TEST(Faces, SeveralFacesInOnePhoto) {
  // Four real faces side by side on a 1600x600 frame, two of them blinking.
  cv::Mat frame(600, 1600, CV_8UC3, cv::Scalar(90, 110, 130));
  const std::string names[] = {kOpenCrops[0], kClosedCrops[0], kOpenCrops[1], kClosedCrops[1]};
  for (int i = 0; i < 4; ++i) {
    cv::Mat face;
    const cv::Mat crop = Crop(names[i]);
    cv::resize(crop, face, cv::Size(240, 240 * crop.rows / crop.cols), 0, 0, cv::INTER_AREA);
    face.copyTo(frame(cv::Rect(80 + 390 * i, 150, face.cols, std::min(face.rows, 300))));
  }
  const std::vector<Face> faces = FacesOf(frame);
  ASSERT_EQ(faces.size(), 4u);
  EXPECT_EQ(ClosedEyeCount(faces), 2);
  for (const Face& f : faces) {
    EXPECT_GT(f.box.width, 0.05f);
    EXPECT_LT(f.box.x + f.box.width, 1.01f);
  }
}

TEST(Faces, RealPhotoWithPeople) {
  // kodim14: six or more people rafting, faces 2-3% of the frame wide: found, too small to tell.
  const std::vector<Face> faces = Finder().Find(Decode(versus::testing::KodakPhoto(14)));
  EXPECT_GE(faces.size(), 5u);
  EXPECT_EQ(ClosedEyeCount(faces), 0);
  // kodim04: one portrait, eyes open.
  const std::vector<Face> portrait = Finder().Find(Decode(versus::testing::KodakPhoto(4)));
  ASSERT_EQ(portrait.size(), 1u);
  EXPECT_EQ(portrait[0].eyes, EyeState::kOpen);
}

TEST(Faces, WhatFaceMeshDoesNotSeeAsAFaceHasNoEyesToJudge) {
  // Real camera files: a garden dome ornament (Nikon D7100) and clay animals (Canon R6),
  // each a sure face to YuNet and no face to FaceMesh; the dome's "eyes" read as closed
  // before FaceMesh's face flag was read as the probability it is.
  for (const char* raw : {"nikon_d7100_head.nef", "canon_eos_r6_pruned.cr3"}) {
    SCOPED_TRACE(raw);
    const std::vector<Face> faces = Finder().Find(Decode(versus::testing::SharedData() / "raw" / raw));
    ASSERT_FALSE(faces.empty());
    for (const Face& f : faces) {
      EXPECT_EQ(f.eyes, EyeState::kUnknown);
      EXPECT_EQ(f.unknown_why, "not clearly a face (turned, hidden, or none)");
    }
  }
}

TEST(Faces, NoFacesWithoutPeople) {
  for (int kodak : {1, 20, 23}) EXPECT_TRUE(Finder().Find(Decode(versus::testing::KodakPhoto(kodak))).empty()) << kodak;
}

// Finds the faces of `image`, counting the calls to its larger view (the second decode
// of a file): {calls, faces found}.
std::pair<int, std::size_t> LargerViewCalls(DecodedImage& image) {
  auto calls = std::make_shared<int>(0);
  auto view = image.larger_view;
  image.larger_view = [calls, view](int long_side) {
    ++*calls;
    return view(long_side);
  };
  const std::size_t found = Finder().Find(image).size();
  return {*calls, found};
}

// `crop` resized to `width` px, on a grey frame of `size`.
cv::Mat FaceOnFrame(const cv::Mat& crop, int width, cv::Size size) {
  cv::Mat frame(size, CV_8UC3, cv::Scalar::all(128)), face;
  cv::resize(crop, face, cv::Size(width, width * crop.rows / crop.cols), 0, 0, cv::INTER_AREA);
  face.copyTo(frame(cv::Rect(size.width / 2, size.height / 3, face.cols, face.rows)));
  return frame;
}

TEST(Faces, PhotosWithoutReadableFacesCostNoSecondDecode) {
  // No people: the detector's one pass on the working view, nothing more.
  DecodedImage landscape = Decode(versus::testing::KodakPhoto(1));
  EXPECT_EQ(LargerViewCalls(landscape), std::make_pair(0, std::size_t(0)));
  // A face 40 px wide in a 640 px frame: found, but its eyes stay under 12 px even at
  // full size, so it is "can't tell" wherever it is read: no larger view.
  const cv::Mat open = Crop(kOpenCrops[0]);
  DecodedImage tiny = FromPixels(FaceOnFrame(open, 40, {640, 480}));
  EXPECT_EQ(LargerViewCalls(tiny), std::make_pair(0, std::size_t(1)));
  // A face 120 px wide in a 2400 px frame: 26 px in the working view, readable at full size.
  DecodedImage readable = FromPixels(FaceOnFrame(open, 120, {2400, 1600}));
  EXPECT_EQ(LargerViewCalls(readable), std::make_pair(1, std::size_t(1)));
}

TEST(Faces, MissingModelNamesThePath) {
  versus::testing::TempDir empty;
  try {
    FaceFinder finder(empty.path());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find((empty.path() / "face_detection_yunet_2022mar.onnx").string()), std::string::npos)
        << e.what();
  }
}

TEST(FaceWeighing, OpenEyesBeatClosedAndSayWhy) {
  const FeatureComparator judge(FeatureWeights::Load(fs::path(VERSUS_SOURCE_DIR) / "models/feature_judge.json"));
  const ImageProfile open = Profile(FromPixels(OnCanvas(Crop(kOpenCrops[0]))), "open", nullptr, false, &Finder());
  const ImageProfile closed = Profile(FromPixels(OnCanvas(Crop(kClosedCrops[0]))), "closed", nullptr, false, &Finder());
  const Verdict v = judge.Compare(closed, open);
  EXPECT_LT(v.p_a_better, 0.5);
  ASSERT_EQ(v.reason.winner, Side::kSecond);
  ASSERT_FALSE(v.reason.clauses.empty());
  EXPECT_EQ(v.reason.clauses[0].dimension, Dimension::kEyes);
  EXPECT_NE(ReasonText(v.reason).find("eyes closed in the first image"), std::string::npos) << ReasonText(v.reason);
  const auto eyes = std::find_if(v.dimensions.begin(), v.dimensions.end(),
                                 [](const DimensionVerdict& d) { return d.dimension == Dimension::kEyes; });
  ASSERT_NE(eyes, v.dimensions.end());
  EXPECT_DOUBLE_EQ(eyes->margin, -kBlinkLogOdds);
  EXPECT_NEAR(judge.Compare(open, closed).p_a_better, 1.0 - v.p_a_better, 1e-9);
}

TEST(FaceWeighing, FacesThatCannotBeToldWeighNothing) {
  // A horse race's riders: faces found in both frames, eyes "can't tell", eye sharpness
  // measured all the same and very different; the verdict must be as without faces.
  ImageProfile a, b;
  a.faces_read = b.faces_read = true;
  Face rider;
  rider.eyes = EyeState::kUnknown;
  rider.unknown_why = "eyes 2 px wide";
  rider.eye_sharpness = 2.5;
  a.faces = {rider};
  rider.eye_sharpness = 1.0;
  b.faces = {rider};
  for (const DimensionVerdict& d : FaceMargins(a, b)) EXPECT_EQ(d.margin, 0.0) << int(d.dimension);
  // Open eyes against "can't tell": no focus margin either (nothing to compare with).
  a.faces[0].eyes = EyeState::kOpen;
  for (const DimensionVerdict& d : FaceMargins(a, b)) EXPECT_EQ(d.margin, 0.0) << int(d.dimension);
  // Both open: the sharper eyes win.
  b.faces[0].eyes = EyeState::kOpen;
  EXPECT_GT(FaceMargins(a, b)[1].margin, 0.0);
}

TEST(FaceWeighing, NoFacesNoFaceMargins) {
  ImageProfile a, b;
  a.faces_read = b.faces_read = true;
  for (const DimensionVerdict& d : FaceMargins(a, b)) EXPECT_EQ(d.margin, 0.0);
}

}  // namespace
}  // namespace versus::engine
