// BRISQUE (Mittal et al. 2012) from OpenCV's quality module, with the LIVE-trained model
// that Debian's opencv-data ships. Loading the model is slow, so each thread keeps one.
#include <filesystem>
#include <memory>

#include <opencv2/imgproc.hpp>
#include <opencv2/quality/qualitybrisque.hpp>

#include "measures_pvt.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine::measures {
namespace {

constexpr const char* kModel = "/usr/share/opencv4/quality/brisque_model_live.yml";
constexpr const char* kRange = "/usr/share/opencv4/quality/brisque_range_live.yml";

cv::quality::QualityBRISQUE& ThreadBrisque() {
  thread_local cv::Ptr<cv::quality::QualityBRISQUE> brisque;
  if (!brisque) {
    for (const char* file : {kModel, kRange}) {
      if (!std::filesystem::exists(file)) {
        throw Error(std::string("BRISQUE model file missing: ") + file + " (install the opencv-data package)");
      }
    }
    brisque = cv::quality::QualityBRISQUE::create(kModel, kRange);
  }
  return *brisque;
}

}  // namespace

double Brisque(const MeasureInput& in) {
  cv::Mat grey;
  in.working_grey.convertTo(grey, CV_8U);
  // BRISQUE works on two scales and needs room for its 7x7 windows at both.
  if (grey.rows < 32 || grey.cols < 32) cv::resize(grey, grey, cv::Size(std::max(32, grey.cols), std::max(32, grey.rows)), 0, 0, cv::INTER_NEAREST);
  return ThreadBrisque().compute(grey)[0];
}

}  // namespace versus::engine::measures
