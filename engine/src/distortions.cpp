// Distortion ladders: each kind at increasing strength. Levels were chosen so that the
// mildest is visible at 100% on a 768x512 photo and the strongest is plainly bad.
#include "versus/engine/distortions.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "versus/engine/error.hpp"

namespace versus::engine {
namespace {

cv::Mat Gain(const cv::Mat& bgr, double gain) {
  cv::Mat out;
  bgr.convertTo(out, CV_8UC3, gain);
  return out;
}

cv::Mat Jpeg(const cv::Mat& bgr, int quality) {
  std::vector<uchar> bytes;
  cv::imencode(".jpg", bgr, bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
  return cv::imdecode(bytes, cv::IMREAD_COLOR);
}

cv::Mat Noise(const cv::Mat& bgr, double sigma, unsigned seed) {
  cv::Mat noise(bgr.size(), CV_32FC3);
  cv::RNG rng(seed);
  rng.fill(noise, cv::RNG::NORMAL, 0.0, sigma);
  cv::Mat f;
  bgr.convertTo(f, CV_32FC3);
  f += noise;
  cv::Mat out;
  f.convertTo(out, CV_8UC3);
  return out;
}

cv::Mat Cast(const cv::Mat& bgr, double k) {
  std::vector<cv::Mat> ch;
  cv::split(bgr, ch);
  ch[2].convertTo(ch[2], CV_8U, 1.0 + k);  // warmer red
  ch[0].convertTo(ch[0], CV_8U, 1.0 - k);  // less blue
  cv::Mat out;
  cv::merge(ch, out);
  return out;
}

cv::Mat MotionBlur(const cv::Mat& bgr, int length) {
  cv::Mat kernel = cv::Mat::zeros(length, length, CV_32F);
  for (int i = 0; i < length; ++i) kernel.at<float>(i, i) = 1.0f / float(length);  // diagonal shake
  cv::Mat out;
  cv::filter2D(bgr, out, -1, kernel);
  return out;
}

template <typename T, std::size_t N>
T At(const T (&levels)[N], int level) {
  if (level < 1 || level > int(N)) throw Error("distortion level out of range: " + std::to_string(level));
  return levels[level - 1];
}

}  // namespace

const std::vector<DistortionInfo>& Distortions() {
  static const std::vector<DistortionInfo> kInfos = {
      {Distortion::kBlur, "blur", 4},           {Distortion::kNoise, "noise", 4},
      {Distortion::kJpeg, "jpeg", 4},           {Distortion::kOverexpose, "overexpose", 4},
      {Distortion::kUnderexpose, "underexpose", 4}, {Distortion::kColourCast, "colour_cast", 4},
      {Distortion::kMotionBlur, "motion_blur", 4},
  };
  return kInfos;
}

cv::Mat Distort(const cv::Mat& bgr, Distortion kind, int level, unsigned seed) {
  static const double kBlurSigma[] = {1.0, 1.8, 3.0, 5.0};
  static const double kNoiseSigma[] = {5.0, 10.0, 18.0, 30.0};
  static const int kJpegQuality[] = {30, 15, 8, 4};
  static const double kOverGain[] = {1.35, 1.7, 2.2, 3.0};
  static const double kUnderGain[] = {0.6, 0.4, 0.25, 0.15};
  static const double kCast[] = {0.1, 0.2, 0.3, 0.45};
  static const int kMotionLength[] = {5, 9, 15, 23};
  cv::Mat out;
  switch (kind) {
    case Distortion::kBlur: cv::GaussianBlur(bgr, out, cv::Size(), At(kBlurSigma, level)); return out;
    case Distortion::kNoise: return Noise(bgr, At(kNoiseSigma, level), seed);
    case Distortion::kJpeg: return Jpeg(bgr, At(kJpegQuality, level));
    case Distortion::kOverexpose: return Gain(bgr, At(kOverGain, level));
    case Distortion::kUnderexpose: return Gain(bgr, At(kUnderGain, level));
    case Distortion::kColourCast: return Cast(bgr, At(kCast, level));
    case Distortion::kMotionBlur: return MotionBlur(bgr, At(kMotionLength, level));
  }
  throw Error("unknown distortion");
}

}  // namespace versus::engine
