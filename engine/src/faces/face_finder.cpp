// Finding faces in a decoded photo: YuNet on the working view; where faces were found,
// each is read (FaceMesh + Iris) from a view large enough for its eyes.
#include <algorithm>
#include <cmath>

#include "faces_pvt.hpp"

namespace versus::engine {
namespace {

using faces::Detection;
using faces::FaceNets;

// A face read at this width (view pixels) has eyes ~30 px wide: enough for the lids.
constexpr double kWantedFaceWidth = 160.0;
// The larger view is capped (faces still smaller there are reported as "can't tell").
// Of a 24 MP JPEG, a view up to ~1500 px is reduced from the decode the working view
// made; larger ones are decoded again (at 1/2 size up to 3000 px, else whole: ~90 ms on
// one core): that cost is why the view is read only for faces too small in the working view.
constexpr int kLargestView = 3072;
// Worth a second decode only when it enlarges the faces by at least this.
constexpr double kWorthReading = 1.25;

// Borrows a set of networks for the duration of one call.
template <typename Pool>
class Lease {
 public:
  explicit Lease(Pool& pool) : pool_(pool), nets_(pool.Borrow()) {}
  ~Lease() { pool_.Return(std::move(nets_)); }
  FaceNets& nets() { return *nets_; }

 private:
  Pool& pool_;
  std::unique_ptr<FaceNets> nets_;
};

Detection Scaled(Detection d, double s) {
  d.box = cv::Rect2f(float(d.box.x * s), float(d.box.y * s), float(d.box.width * s), float(d.box.height * s));
  d.right_eye *= float(s);
  d.left_eye *= float(s);
  return d;
}

// The view the faces are read from: the working view, or a larger one when the
// smallest face there is too small for its eyes to be read. Faces that are "can't tell"
// wherever they are read ask for no larger view (a second decode of a 24 MP JPEG, up to
// ~90 ms): detections YuNet is unsure of (kSureFace, judged on the working view), and
// faces whose eyes would stay under kSmallestEye even in the largest view.
cv::Mat ViewForFaces(const DecodedImage& image, const std::vector<Detection>& found) {
  const int working_long = std::max(image.working.cols, image.working.rows);
  const int native_long = std::max(image.width, image.height);
  const double most = std::min(native_long, kLargestView) / double(working_long);  // the largest enlargement
  float smallest = 0.0f;
  for (const Detection& d : found) {
    const bool readable =
        d.score >= faces::kSureFace && d.box.width * most * faces::kMostEyeOfFace >= faces::kSmallestEye;
    if (readable && (smallest == 0.0f || d.box.width < smallest)) smallest = d.box.width;
  }
  if (smallest == 0.0f) return image.working;
  const double wanted = working_long * kWantedFaceWidth / smallest;
  const int long_side = int(std::min({wanted, double(native_long), double(kLargestView)}));
  if (!image.larger_view || long_side < working_long * kWorthReading) return image.working;
  return image.larger_view(long_side);
}

}  // namespace

std::vector<Face> FaceFinder::Find(const DecodedImage& image) const {
  Lease lease(*pool_);
  const std::vector<Detection> found = faces::DetectFaces(lease.nets(), image.working);
  if (found.empty()) return {};
  const cv::Mat view = ViewForFaces(image, found);
  const double scale = double(view.cols) / image.working.cols;
  const double frame_sharpness = faces::SharpestQuarter(view);
  std::vector<Face> faces;
  for (const Detection& d : found) {
    Face face = faces::ReadFace(lease.nets(), view, Scaled(d, scale), frame_sharpness, eye_classifier());
    face.box = cv::Rect2f(face.box.x / view.cols, face.box.y / view.rows, face.box.width / view.cols,
                          face.box.height / view.rows);
    faces.push_back(face);
  }
  std::sort(faces.begin(), faces.end(), [](const Face& a, const Face& b) {
    return std::tie(a.box.y, a.box.x) < std::tie(b.box.y, b.box.x);
  });
  return faces;
}

Face FaceFinder::ReadEyes(const cv::Mat& view, const cv::Rect2f& box, cv::Point2f right_eye,
                          cv::Point2f left_eye) const {
  Lease lease(*pool_);
  return faces::ReadFace(lease.nets(), view, {box, right_eye, left_eye, 1.0f}, faces::SharpestQuarter(view),
                         eye_classifier());
}

}  // namespace versus::engine
