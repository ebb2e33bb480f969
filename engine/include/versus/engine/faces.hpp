#pragma once
/// Faces and eyes: where the faces of a photo are, whether their eyes are open, and how
/// sharp the eyes are. YuNet finds faces on the decode's working view (one pass for a
/// photo without people); each face is then read from a larger view where it is small,
/// MediaPipe FaceMesh places the eye corners and MediaPipe Iris the lids of each eye, and
/// a logistic model of the lids' shape says closed or open (eye_classifier.hpp).
/// Models: models/face_detection_yunet_2022mar.onnx, facemesh.onnx, iris.onnx (OpenCV dnn),
/// eye_classifier.json.
#include <array>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "versus/engine/decoder.hpp"

namespace versus::engine {

class EyeClassifier;  // eye_classifier.hpp

/// Whether a face's eyes are open. kUnknown ("can't tell") for faces too small, turned
/// away or blurred to judge: never counted as closed.
enum class EyeState { kOpen, kClosed, kUnknown };
std::string_view EyeStateName(EyeState state);  ///< "open", "closed", "can't tell"

struct Face {
  /// Box in fractions of the upright picture (0..1): left, top, width, height.
  cv::Rect2f box;
  float detector_score = 0.0f;  ///< YuNet confidence, 0..1
  EyeState eyes = EyeState::kUnknown;
  /// Lid openness, mean of both eyes: lid gap / eye width, from the Iris contour
  /// ((|p11-p3| + |p12-p4| + |p13-p5|) / (3 |p0-p8|)); ~0.1 closed, ~0.3 open; NaN when
  /// the eyes could not be read.
  double openness = 0.0;
  /// P(eyes closed) from the eye classifier (eye_classifier.hpp), over the shape of both
  /// eyes; NaN when the eyes could not be read or no classifier was loaded.
  double closed_probability = 0.0;
  /// The Iris model's 76 points of each eye (71 lid and brow points, then 5 iris points;
  /// models/faces NOTE.md) in the pixels of its 64 px crop (eyes level, 2.3 eye widths
  /// wide); [0] the eye on the left of the picture, [1] the other, mirrored left-right as
  /// the model reads it. Empty when the eyes were not read.
  std::array<std::vector<cv::Point2f>, 2> eye_points;
  /// log10(1 + variance of the Laplacian) of the two eye crops at a fixed scale (eye
  /// width 28 px): comparable between photos of any size; NaN when not read.
  double eye_sharpness = 0.0;
  /// Eye sharpness relative to the frame, log10 units at the analysed view's scale:
  /// eye region minus the sharpest quarter of the frame (0 = as sharp as the sharpest
  /// part, -1 = a tenth of its Laplacian variance: the background is in focus). NaN when not read.
  double eye_focus = 0.0;
  /// Why the eyes were not judged ("face 18 px wide", "turned away", "eyes blurred"); empty otherwise.
  std::string unknown_why;
};

/// Faces whose eyes are closed (kUnknown is not closed).
int ClosedEyeCount(const std::vector<Face>& faces);

/// Whether FaceFinder says closed or open, or only reads the eyes' shape (the eye
/// classifier's trainer: faces that could be judged keep EyeState::kUnknown with no
/// `unknown_why`, and no closed_probability).
enum class EyeJudging { kJudge, kShapeOnly };

/// The face models, loaded once; Find() may be called from many threads at once
/// (each thread borrows its own network instances, created on first need and reused).
class FaceFinder {
 public:
  /// Checks the model files in `model_dir` (the three networks and, when judging, the
  /// eye classifier) and loads one set of networks; throws engine::Error naming a
  /// missing or unreadable file.
  explicit FaceFinder(const std::filesystem::path& model_dir, EyeJudging judging = EyeJudging::kJudge);
  ~FaceFinder();
  FaceFinder(const FaceFinder&) = delete;
  FaceFinder& operator=(const FaceFinder&) = delete;

  /// The finder of the installed models (ModelDirectory()), loaded on first call, once
  /// per process; throws engine::Error (again on each call) when a model is missing.
  static const FaceFinder& Installed();

  /// Every face of the picture, in reading order (top to bottom, left to right).
  std::vector<Face> Find(const DecodedImage& image) const;

  /// The eyes of one face, given its box and eye centres (YuNet's landmarks) in
  /// `view`'s pixels: for benchmarks on face crops whose faces the detector may miss.
  Face ReadEyes(const cv::Mat& view, const cv::Rect2f& box, cv::Point2f right_eye, cv::Point2f left_eye) const;

  /// The eye classifier in use; nullptr with EyeJudging::kShapeOnly.
  const EyeClassifier* eye_classifier() const;

  /// File names of the models, inside the model folder (the eye classifier included).
  static const std::vector<std::string_view>& ModelFiles();

 private:
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

}  // namespace versus::engine
