#pragma once
// Real faces for the face tests: crops of ../shared/data/eyes (labels.csv) whose eyes
// are plainly closed or open, and a canvas that gives the detector room around them.
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "test_files.hpp"

namespace versus::testing {

// Picked from `versus-bench-faces eyes --dump`: openness under 0.08 / over 0.36, large and sharp.
inline const char* const kClosedEyeCrops[] = {"closed/closed_eye_2798.jpg_face_1.jpg", "closed/closed_eye_0873.jpg_face_1.jpg"};
inline const char* const kOpenEyeCrops[] = {"open/face_5013.jpg", "open/face_892.jpg"};

inline cv::Mat EyesCrop(const std::string& relative) {
  return cv::imread((SharedData() / "eyes" / relative).string(), cv::IMREAD_COLOR);
}

/// `crop` scaled by `scale` on a grey canvas twice its size: a tight crop leaves the
/// detector too little of the head.
inline cv::Mat OnCanvas(const cv::Mat& crop, double scale = 1.0) {
  cv::Mat face;
  cv::resize(crop, face, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
  cv::Mat canvas(face.rows * 2, face.cols * 2, CV_8UC3, cv::Scalar::all(128));
  face.copyTo(canvas(cv::Rect(face.cols / 2, face.rows / 2, face.cols, face.rows)));
  return canvas;
}

}  // namespace versus::testing
