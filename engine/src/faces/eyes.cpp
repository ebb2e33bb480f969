// Reading one face: YuNet's box and eyes -> a FaceMesh crop with the eyes level -> the
// eye corners -> one Iris crop per eye -> the lids' points -> closed or open (the eye
// classifier), and the eyes' sharpness.
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "faces_pvt.hpp"
#include "../measures/measures_pvt.hpp"
#include "versus/engine/eye_classifier.hpp"
#include "versus/engine/measures.hpp"

namespace versus::engine::faces {
namespace {

constexpr int kMeshSize = 192;  // FaceMesh input: (1, 192, 192, 3) NHWC RGB in [0, 1]
constexpr int kIrisSize = 64;   // Iris input: (1, 64, 64, 3), one eye
// MediaPipe's crops: the face box enlarged 1.5x; an eye 2.3x its corner-to-corner width.
constexpr double kFaceCropScale = 1.5;
constexpr double kEyeCropScale = 2.3;
// FaceMesh eye corners: the eye on the left of the picture, then the one on the right
// (which the Iris model, trained on left eyes, reads mirrored).
constexpr int kLeftOfPicture[2] = {33, 133};
constexpr int kRightOfPicture[2] = {362, 263};

// One eye under this fraction of the other's width: the face is turned away.
constexpr double kTurnedAway = 0.55;
// Eye crops (28 px eye) with less detail than this are too blurred to judge.
constexpr double kBlurredEyes = 1.2;
// FaceMesh's face flag is P(face), its sigmoid inside the model (on real photos it sits
// near 0 or 1). Under this, YuNet's face is a profile, a face looking down or hidden, or
// no face at all (a dome, a cup, clay animals in real photos, read as closed eyes before
// this was checked): its eyes' shape says nothing about a blink.
constexpr float kMeshSaysFace = 0.5f;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// An NHWC float blob of an 8-bit BGR crop: RGB in [0, 1].
cv::Mat NhwcBlob(const cv::Mat& bgr) {
  cv::Mat rgb, f;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(f, CV_32FC3, 1.0 / 255.0);
  const int shape[] = {1, f.rows, f.cols, 3};
  return cv::Mat(4, shape, CV_32F, f.data).clone();
}

// Rotation by `degrees` about `centre`, scaled so `side` view pixels become `out` pixels,
// with `centre` at the middle of the output.
cv::Mat CropTransform(cv::Point2f centre, double degrees, double side, int out) {
  cv::Mat m = cv::getRotationMatrix2D(centre, degrees, out / side);
  m.at<double>(0, 2) += out / 2.0 - centre.x;
  m.at<double>(1, 2) += out / 2.0 - centre.y;
  return m;
}

cv::Point2f Apply(const cv::Mat& m, cv::Point2f p) {
  return {float(m.at<double>(0, 0) * p.x + m.at<double>(0, 1) * p.y + m.at<double>(0, 2)),
          float(m.at<double>(1, 0) * p.x + m.at<double>(1, 1) * p.y + m.at<double>(1, 2))};
}

double Distance(cv::Point2f a, cv::Point2f b) { return std::hypot(a.x - b.x, a.y - b.y); }

double LaplacianSharpness(const cv::Mat& bgr) { return std::log10(1.0 + LaplacianVariance(bgr)); }

struct Eye {
  cv::Point2f centre;  // view pixels
  double width = 0.0;  // corner to corner, view pixels
  cv::Mat crop;        // 64x64, eyes level, mirrored for the right-of-picture eye
};

Eye CropEye(const cv::Mat& view, cv::Point2f a, cv::Point2f b, double degrees, bool mirror) {
  Eye eye{(a + b) * 0.5f, Distance(a, b), {}};
  const cv::Mat m = CropTransform(eye.centre, degrees, kEyeCropScale * std::max(eye.width, 1.0), kIrisSize);
  cv::warpAffine(view, eye.crop, m, cv::Size(kIrisSize, kIrisSize), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  if (mirror) cv::flip(eye.crop, eye.crop, 1);
  return eye;
}

// The Iris model's 76 points (x, y in crop pixels; its z is left out) for one eye crop.
std::vector<cv::Point2f> IrisPoints(cv::dnn::Net& iris, const cv::Mat& crop) {
  iris.setInput(NhwcBlob(crop));
  const cv::Mat out = iris.forward().reshape(1, 1);
  const float* v = out.ptr<float>();
  std::vector<cv::Point2f> points;
  for (int i = 0; i + 2 < out.cols; i += 3) points.emplace_back(v[i], v[i + 1]);
  return points;
}

// Lid gap over eye width from the Iris model's contour: p0..p8 lower lid corner to
// corner, p9..p15 upper lid (models/faces NOTE.md).
double LidOpenness(const std::vector<cv::Point2f>& p) {
  const double width = Distance(p[0], p[8]);
  if (width < 1e-3) return 0.0;
  return (Distance(p[11], p[3]) + Distance(p[12], p[4]) + Distance(p[13], p[5])) / (3.0 * width);
}

// The region around both eyes, in view pixels, clipped to the view.
cv::Rect EyeRegion(const Eye& a, const Eye& b, const cv::Size& view) {
  const double half = kEyeCropScale * std::max(a.width, b.width) / 2.0;
  const cv::Rect2d r(std::min(a.centre.x, b.centre.x) - half, std::min(a.centre.y, b.centre.y) - half / 2,
                     std::abs(a.centre.x - b.centre.x) + 2 * half, std::abs(a.centre.y - b.centre.y) + half);
  return cv::Rect(r) & cv::Rect(cv::Point(), view);
}

std::string Pixels(double width) { return std::to_string(int(std::lround(width))) + " px"; }

}  // namespace

std::vector<Detection> DetectFaces(FaceNets& nets, const cv::Mat& view) {
  cv::Mat input = view;
  if (view.cols < 64 || view.rows < 64) {
    cv::copyMakeBorder(view, input, 0, std::max(0, 64 - view.rows), 0, std::max(0, 64 - view.cols),
                       cv::BORDER_CONSTANT, cv::Scalar::all(0));
  }
  nets.detector->setInputSize(input.size());
  cv::Mat rows;
  nets.detector->detect(input, rows);
  std::vector<Detection> found;
  for (int i = 0; i < rows.rows; ++i) {
    const float* r = rows.ptr<float>(i);  // x y w h, (x y) x 5 landmarks, score
    found.push_back({cv::Rect2f(r[0], r[1], r[2], r[3]), {r[4], r[5]}, {r[6], r[7]}, r[14]});
  }
  return found;
}

double SharpestQuarter(const cv::Mat& view) {
  cv::Mat grey, lap;
  cv::cvtColor(view, grey, cv::COLOR_BGR2GRAY);
  cv::Laplacian(grey, lap, CV_32F);
  constexpr int kBlock = 64;
  std::vector<double> blocks;
  for (int y = 0; y + kBlock <= lap.rows; y += kBlock) {
    for (int x = 0; x + kBlock <= lap.cols; x += kBlock) {
      cv::Scalar mean, sd;
      cv::meanStdDev(lap(cv::Rect(x, y, kBlock, kBlock)), mean, sd);
      blocks.push_back(std::log10(1.0 + sd[0] * sd[0]));
    }
  }
  if (blocks.empty()) return LaplacianSharpness(view);
  return measures::Quantile(blocks, 0.75);
}

Face ReadFace(FaceNets& nets, const cv::Mat& view, const Detection& d, double frame_sharpness,
              const EyeClassifier* classifier) {
  Face face;
  face.box = d.box;
  face.detector_score = d.score;
  face.openness = face.closed_probability = face.eye_sharpness = face.eye_focus = kNaN;

  // Level the eyes, as FaceMesh was trained.
  const double degrees = std::atan2(d.left_eye.y - d.right_eye.y, d.left_eye.x - d.right_eye.x) * 180.0 / CV_PI;
  const cv::Point2f centre(d.box.x + d.box.width / 2, d.box.y + d.box.height / 2);
  const double side = kFaceCropScale * std::max(d.box.width, d.box.height);
  const cv::Mat to_crop = CropTransform(centre, degrees, side, kMeshSize);
  cv::Mat crop;
  cv::warpAffine(view, crop, to_crop, cv::Size(kMeshSize, kMeshSize), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  nets.mesh.setInput(NhwcBlob(crop));
  std::vector<cv::Mat> out;
  nets.mesh.forward(out, std::vector<cv::String>{"out0", "out1"});
  const float face_probability = out[1].ptr<float>()[0];
  cv::Mat to_view;
  cv::invertAffineTransform(to_crop, to_view);
  const float* mesh = out[0].ptr<float>();
  auto point = [&](int i) { return Apply(to_view, {mesh[3 * i], mesh[3 * i + 1]}); };

  const Eye left = CropEye(view, point(kLeftOfPicture[0]), point(kLeftOfPicture[1]), degrees, false);
  const Eye right = CropEye(view, point(kRightOfPicture[0]), point(kRightOfPicture[1]), degrees, true);
  face.eye_sharpness = (LaplacianSharpness(left.crop) + LaplacianSharpness(right.crop)) / 2.0;
  const cv::Rect region = EyeRegion(left, right, view.size());
  if (!region.empty()) face.eye_focus = LaplacianSharpness(view(region)) - frame_sharpness;
  face.eye_points = {IrisPoints(nets.iris, left.crop), IrisPoints(nets.iris, right.crop)};
  face.openness = (LidOpenness(face.eye_points[0]) + LidOpenness(face.eye_points[1])) / 2.0;
  if (classifier) face.closed_probability = classifier->ClosedProbability(EyeShape(face));

  const double narrow = std::min(left.width, right.width), wide = std::max(left.width, right.width);
  if (d.score < kSureFace) {
    face.unknown_why = "unsure it is a face";
  } else if (narrow < kSmallestEye) {  // first: too small to tell is the reason, whatever FaceMesh saw
    face.unknown_why = "eyes " + Pixels(narrow) + " wide";
  } else if (face_probability < kMeshSaysFace) {
    face.unknown_why = "not clearly a face (turned, hidden, or none)";
  } else if (narrow < kTurnedAway * wide) {
    face.unknown_why = "turned away";
  } else if (face.eye_sharpness < kBlurredEyes) {
    face.unknown_why = "eyes blurred";
  } else if (classifier) {
    face.eyes = face.closed_probability > classifier->closed_above() ? EyeState::kClosed : EyeState::kOpen;
  }
  return face;
}

}  // namespace versus::engine::faces
