// The eye classifier (eye_classifier.hpp): its file's errors, the eye-shape features on
// drawn eyes, and the shipped model on real faces of the eyes set's evaluation part.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "face_crops.hpp"
#include "test_files.hpp"
#include "versus/engine.hpp"

namespace versus::engine {
namespace {

namespace fs = std::filesystem;
using versus::testing::TempDir;

const fs::path kInstalled = fs::path(VERSUS_BINARY_DIR) / "share/versus/models";

// The message of the engine::Error `load` throws ("" if none).
template <typename Load>
std::string ErrorOf(Load load) {
  try {
    load();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

TEST(EyeClassifier, LoadErrorsNameThePath) {
  TempDir dir;
  const fs::path file = dir / "eye_classifier.json";
  auto load = [&] { EyeClassifier::Load(file); };
  EXPECT_NE(ErrorOf(load).find("eye classifier not found: " + file.string()), std::string::npos) << ErrorOf(load);
  Write(file, "{ not json");
  EXPECT_NE(ErrorOf(load).find("not valid JSON: " + file.string()), std::string::npos) << ErrorOf(load);
  Write(file, R"({"format": "versus-feature-judge-1"})");
  EXPECT_NE(ErrorOf(load).find("not a versus eye classifier file"), std::string::npos) << ErrorOf(load);
  Write(file, R"({"format": "versus-eye-classifier-1", "bias": 0, "closed_above": 0.5,
                  "terms": [{"feature": "third_eye_gap", "mean": 0, "scale": 1, "weight": 1}]})");
  EXPECT_NE(ErrorOf(load).find("third_eye_gap"), std::string::npos) << ErrorOf(load);
  EXPECT_NE(ErrorOf(load).find(file.string()), std::string::npos) << ErrorOf(load);
  Write(file, R"({"format": "versus-eye-classifier-1", "closed_above": 0.5, "terms": []})");
  EXPECT_NE(ErrorOf(load).find("lacks a field"), std::string::npos) << ErrorOf(load);
}

TEST(EyeClassifier, FaceFinderWithoutClassifierNamesIt) {
  TempDir models;
  for (std::string_view name : FaceFinder::ModelFiles()) {
    if (name != kEyeClassifierFile) fs::copy_file(kInstalled / name, models / std::string(name));
  }
  const std::string error = ErrorOf([&] { FaceFinder finder(models.path()); });
  EXPECT_NE(error.find((models / std::string(kEyeClassifierFile)).string()), std::string::npos) << error;
  // The trainer's finder reads shapes without it.
  EXPECT_EQ(ErrorOf([&] { FaceFinder finder(models.path(), EyeJudging::kShapeOnly); }), "");
}

TEST(EyeClassifier, SavedFileLoadsTheSame) {
  TempDir dir;
  const EyeClassifier made({{"lid_gap_mean", 0.25, 0.05, -3.0}, {"iris_shown_min", 0.5, 0.2, -1.0}}, 0.5, 0.9, "test");
  made.Save(dir / "c.json");
  const EyeClassifier loaded = EyeClassifier::Load(dir / "c.json");
  std::vector<double> shape(EyeShapeNames().size(), 0.3);
  EXPECT_DOUBLE_EQ(loaded.ClosedProbability(shape), made.ClosedProbability(shape));
  EXPECT_DOUBLE_EQ(loaded.closed_above(), 0.9);
  EXPECT_TRUE(std::isnan(loaded.ClosedProbability({})));
}

// An eye drawn as the Iris model gives it: corners 40 px apart at y = 32, lids 0..8
// (lower) and 9..15 (upper) on half-ellipses `gap` px apart at the middle, other points
// (rings, brow, iris) placed above and below.
std::vector<cv::Point2f> DrawnEye(double gap) {
  std::vector<cv::Point2f> p(76, cv::Point2f(32, 32));
  for (int k = 0; k <= 8; ++k) {
    const double x = 12 + 5.0 * k, s = std::sin(CV_PI * k / 8);
    p[k] = cv::Point2f(float(x), float(32 + gap / 2 * s));               // lower lid
    if (k >= 1 && k <= 7) p[8 + k] = cv::Point2f(float(x), float(32 - gap / 2 * s));  // upper lid 9..15
  }
  for (int k = 16; k < 71; ++k) p[k] = cv::Point2f(float(12 + (k % 9) * 5), k < 25 || (k >= 32 && k < 41) ? 44.f : 18.f);
  for (int k = 71; k < 76; ++k) p[k] = cv::Point2f(32.f + (k == 72) * 6 - (k == 74) * 6, 32.f + (k == 73) * 6 - (k == 75) * 6);
  return p;
}

double Feature(const Face& face, const std::string& name) {
  const auto& names = EyeShapeNames();
  return EyeShape(face)[std::size_t(std::find(names.begin(), names.end(), name) - names.begin())];
}

TEST(EyeShape, LidGapsInEyeWidths) {
  Face face;
  EXPECT_TRUE(EyeShape(face).empty());  // not read
  face.eye_points = {DrawnEye(16.0), DrawnEye(4.0)};
  ASSERT_EQ(EyeShape(face).size(), EyeShapeNames().size());
  // Middle gaps of the lids: 16 px and 4 px (times sin 3pi/8 .. sin pi/2) over 40 px.
  const double open = 16.0 * (2 * std::sin(3 * CV_PI / 8) + 1) / 3 / 40, closed = open / 4;
  EXPECT_NEAR(Feature(face, "lid_gap_min"), closed, 1e-3);
  EXPECT_NEAR(Feature(face, "lid_gap_mean"), (open + closed) / 2, 1e-3);
  EXPECT_NEAR(Feature(face, "lid_gap_widest_mean"), (16.0 + 4.0) / 2 / 40, 1e-3);
  EXPECT_NEAR(Feature(face, "iris_radius_mean"), 6.0 / 40, 1e-3);
  // Rolled 30 degrees and twice as large: the same shape.
  Face turned = face;
  for (auto& eye : turned.eye_points)
    for (cv::Point2f& q : eye) {
      const double c = std::cos(CV_PI / 6), s = std::sin(CV_PI / 6);
      q = cv::Point2f(float(2 * (c * q.x - s * q.y)), float(2 * (s * q.x + c * q.y)));
    }
  const std::vector<double> a = EyeShape(face), b = EyeShape(turned);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-4) << EyeShapeNames()[i];
}

}  // namespace
}  // namespace versus::engine
