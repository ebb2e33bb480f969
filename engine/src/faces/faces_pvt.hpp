#pragma once
// Private to faces/: the networks one thread uses, and the steps of reading a face.
#include <array>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <opencv2/dnn.hpp>
#include <opencv2/objdetect/face.hpp>

#include "versus/engine/eye_classifier.hpp"
#include "versus/engine/faces.hpp"

namespace versus::engine::faces {

/// Eyes narrower than this (view pixels, FaceMesh corner to corner) are too small to
/// judge: open eyes that small read as low as closed ones (models/faces NOTE.md).
inline constexpr double kSmallestEye = 12.0;
/// Detections YuNet is less sure of are counted but their eyes not judged: on clive-dev a
/// sleeping dog, a wall hanging and two other non-faces scored 0.79-0.88 and read "closed";
/// real faces of a Kodak group photo 0.70-1.0, portraits 1.0.
inline constexpr float kSureFace = 0.9f;
/// The narrower eye (FaceMesh corner to corner) is at most about this fraction of YuNet's
/// face box wide (../shared/data/eyes, 942 faces found: median 0.19, 99th percentile
/// 0.23, largest 0.27): a face whose eyes would stay under kSmallestEye even so in a view
/// is "can't tell" there.
inline constexpr double kMostEyeOfFace = 0.25;

/// One set of networks; cv::dnn nets and FaceDetectorYN keep per-call state, so a set is
/// used by one thread at a time (FaceFinder's pool lends them out).
struct FaceNets {
  cv::Ptr<cv::FaceDetectorYN> detector;
  cv::dnn::Net mesh;
  cv::dnn::Net iris;
};

/// Loads the three models from `model_dir`; throws engine::Error naming a missing file.
std::unique_ptr<FaceNets> LoadFaceNets(const std::filesystem::path& model_dir);

/// What YuNet says about one face, in the pixels of the view it ran on.
struct Detection {
  cv::Rect2f box;
  cv::Point2f right_eye;  ///< the subject's right eye: on the left of a frontal face
  cv::Point2f left_eye;
  float score = 0.0f;
};

/// YuNet on `view` (padded when under 64 px: OpenCV 4.6 throws on smaller inputs).
std::vector<Detection> DetectFaces(FaceNets& nets, const cv::Mat& view);

/// FaceMesh + Iris on one detected face of `view` (box and eyes in its pixels);
/// `frame_sharpness` is SharpestQuarter(view). Fills eyes (closed or open by
/// `classifier`; without one, judgeable eyes stay kUnknown with no why), eye points,
/// openness, sharpness; box left in view pixels.
Face ReadFace(FaceNets& nets, const cv::Mat& view, const Detection& face, double frame_sharpness,
              const EyeClassifier* classifier);

/// log10(1 + variance of the Laplacian) of the sharpest quarter of 64 px blocks of `view`.
double SharpestQuarter(const cv::Mat& view);

}  // namespace versus::engine::faces

namespace versus::engine {

/// Idle network sets; a thread borrows one per call (a new one is loaded when all are
/// in use, so there are at most as many as threads that ever found faces at once).
struct FaceFinder::Pool {
  std::filesystem::path model_dir;
  std::optional<EyeClassifier> classifier;  // none: EyeJudging::kShapeOnly
  std::mutex mutex;
  std::vector<std::unique_ptr<faces::FaceNets>> idle;

  std::unique_ptr<faces::FaceNets> Borrow();
  void Return(std::unique_ptr<faces::FaceNets> nets);
};

}  // namespace versus::engine
