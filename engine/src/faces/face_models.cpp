// Loading the face models and lending network sets to threads: the files are checked
// and loaded once per process; each thread that finds faces at the same time gets its
// own set (cv::dnn keeps state per net), created once and reused for every image after.
#include <fstream>

#include "faces_pvt.hpp"
#include "versus/engine/comparators.hpp"
#include "versus/engine/error.hpp"

namespace versus::engine {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDetectorFile = "face_detection_yunet_2022mar.onnx";
constexpr std::string_view kMeshFile = "facemesh.onnx";
constexpr std::string_view kIrisFile = "iris.onnx";

// YuNet's own threshold is 0.9; faces of a group photo at working size score lower.
// Under kSureFace their eyes are not judged; nor are those of a face FaceMesh does not
// see as one (eyes.cpp, kMeshSaysFace).
constexpr float kDetectorThreshold = 0.7f;

fs::path CheckedModel(const fs::path& dir, std::string_view name) {
  const fs::path path = dir / name;
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw Error(path.string(), "face model not found or unreadable: " + path.string());
  return path;
}

}  // namespace

namespace faces {

std::unique_ptr<FaceNets> LoadFaceNets(const fs::path& model_dir) {
  const fs::path detector = CheckedModel(model_dir, kDetectorFile);
  const fs::path mesh = CheckedModel(model_dir, kMeshFile);
  const fs::path iris = CheckedModel(model_dir, kIrisFile);
  auto nets = std::make_unique<FaceNets>();
  try {
    nets->detector = cv::FaceDetectorYN::create(detector.string(), "", cv::Size(320, 320), kDetectorThreshold);
    nets->mesh = cv::dnn::readNetFromONNX(mesh.string());
    nets->iris = cv::dnn::readNetFromONNX(iris.string());
  } catch (const cv::Exception& e) {
    throw Error(model_dir.string(), "face models in " + model_dir.string() + " could not be loaded: " + e.what());
  }
  return nets;
}

}  // namespace faces

std::unique_ptr<faces::FaceNets> FaceFinder::Pool::Borrow() {
  {
    std::lock_guard lock(mutex);
    if (!idle.empty()) {
      auto nets = std::move(idle.back());
      idle.pop_back();
      return nets;
    }
  }
  return faces::LoadFaceNets(model_dir);
}

void FaceFinder::Pool::Return(std::unique_ptr<faces::FaceNets> nets) {
  std::lock_guard lock(mutex);
  idle.push_back(std::move(nets));
}

FaceFinder::FaceFinder(const fs::path& model_dir, EyeJudging judging) : pool_(std::make_unique<Pool>()) {
  pool_->model_dir = model_dir;
  pool_->idle.push_back(faces::LoadFaceNets(model_dir));  // fails here, not on the first image
  if (judging == EyeJudging::kJudge) pool_->classifier = EyeClassifier::Load(model_dir / kEyeClassifierFile);
}

FaceFinder::~FaceFinder() = default;

const EyeClassifier* FaceFinder::eye_classifier() const { return pool_->classifier ? &*pool_->classifier : nullptr; }

const FaceFinder& FaceFinder::Installed() {
  // A failed load is retried on the next call (a static whose constructor throws is not
  // initialised), so each command reports the missing file itself.
  static const FaceFinder finder(ModelDirectory());
  return finder;
}

const std::vector<std::string_view>& FaceFinder::ModelFiles() {
  static const std::vector<std::string_view> kFiles = {kDetectorFile, kMeshFile, kIrisFile, kEyeClassifierFile};
  return kFiles;
}

std::string_view EyeStateName(EyeState state) {
  switch (state) {
    case EyeState::kOpen: return "open";
    case EyeState::kClosed: return "closed";
    case EyeState::kUnknown: return "can't tell";
  }
  return "can't tell";
}

int ClosedEyeCount(const std::vector<Face>& faces) {
  int closed = 0;
  for (const Face& f : faces) closed += f.eyes == EyeState::kClosed;
  return closed;
}

}  // namespace versus::engine
