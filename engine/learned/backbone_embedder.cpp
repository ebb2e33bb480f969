// The only place the learned judge runs a network: frozen backbones, inference only.
#include "versus/engine/backbone_embedder.hpp"

#include <torch/script.h>
#include <torch/torch.h>
#include <torch/csrc/jit/runtime/graph_executor.h>

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "versus/engine/error.hpp"

namespace versus::engine {
namespace {

// SqueezeNet and MobileNetV2 pool globally, so any size works; below this the last
// feature maps vanish.
constexpr int kSmallestInput = 64;

cv::Mat Normalised(const cv::Mat& bgr, const BackboneSpec& spec) {
  cv::Mat f;
  if (spec.input == "caffe-bgr") {  // the DeepScale Caffe convention SqueezeNet was trained with
    bgr.convertTo(f, CV_32FC3);
    cv::subtract(f, cv::Scalar(104.0, 117.0, 123.0), f);
    return f;
  }
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(f, CV_32FC3, 1.0 / 255.0);
  cv::subtract(f, cv::Scalar(0.485, 0.456, 0.406), f);
  cv::divide(f, cv::Scalar(0.229, 0.224, 0.225), f);
  return f;
}

// A batch of equally sized views as an N x 3 x H x W tensor.
torch::Tensor Batch(const std::vector<cv::Mat>& views, const BackboneSpec& spec) {
  std::vector<torch::Tensor> items;
  for (const cv::Mat& view : views) {
    const cv::Mat f = Normalised(view, spec);
    items.push_back(torch::from_blob(const_cast<float*>(f.ptr<float>()), {f.rows, f.cols, 3}, torch::kFloat)
                        .permute({2, 0, 1})
                        .clone());
  }
  return torch::stack(items);
}

cv::Mat Resized(const cv::Mat& bgr, cv::Size size) {
  cv::Mat out;
  cv::resize(bgr, out, size, 0, 0, size.width < bgr.cols ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

// Enlarges a view whose short side is under kSmallestInput, keeping its shape.
cv::Mat LargeEnough(const cv::Mat& bgr) {
  const int side = std::min(bgr.rows, bgr.cols);
  if (side >= kSmallestInput) return bgr;
  const double f = double(kSmallestInput) / side;
  return Resized(bgr, cv::Size(int(std::ceil(bgr.cols * f)), int(std::ceil(bgr.rows * f))));
}

// The whole image as decoded (long side <= DecodeOptions::working_size): no square
// resize, which would stretch the picture and blur away what a photographer sees at
// screen size.
cv::Mat GlobalView(const DecodedImage& image) { return LargeEnough(image.working); }

// Tiles at native resolution, all of the first tile's size (the decoder cuts them equal).
std::vector<cv::Mat> TileViews(const DecodedImage& image) {
  std::vector<cv::Mat> tiles;
  const std::vector<cv::Mat>& source = image.tiles.empty() ? std::vector<cv::Mat>{image.working} : image.tiles;
  const cv::Size size = source.front().size();
  for (const cv::Mat& t : source) tiles.push_back(LargeEnough(t.size() == size ? t : Resized(t, size)));
  return tiles;
}

// Per tap, each channel's mean and standard deviation over the picture: N x 2C.
torch::Tensor Statistics(const torch::Tensor& activation) {
  return torch::cat({activation.mean({2, 3}), activation.std({2, 3})}, 1);
}

// One step of a network's trunk, frozen and optimised for inference on its own (LibTorch
// then runs it through oneDNN: ~10x faster here than its reference-BLAS convolutions),
// and what the trunk does after it.
struct Stage {
  std::string name;  ///< what a tap calls it: "fire9", "features.18"
  torch::jit::Module module;
  bool relu_after = false;  ///< SqueezeNet's conv1: its ReLU lives in the trunk, not the module
  bool pool_after = false;  ///< SqueezeNet's ceil-mode 3x3/2 max pooling
};

using Stages = std::vector<Stage>;

// The trunk as the TorchScript's own `trunk`/`features` runs it, up to the last tap.
Stages TrunkOf(const torch::jit::Module& net, const BackboneSpec& spec) {
  Stages stages;
  if (spec.network == "squeezenet-1.1") {
    stages.push_back({"conv1", net.attr("conv1").toModule(), true, true});
    for (int fire = 2; fire <= 9; ++fire) {
      const std::string name = "fire" + std::to_string(fire);
      stages.push_back({name, net.attr(name).toModule(), false, fire == 3 || fire == 5});
    }
  } else if (spec.network == "mobilenet-v2" || spec.network == "scnn") {
    // Both keep their trunk as one `features` sequence (S-CNN: nine conv + BN + ReLU).
    for (const auto& block : net.attr("features").toModule().named_children()) {
      stages.push_back({"features." + block.name, block.value});
    }
  } else {
    throw Error(spec.file, "learned judge: unknown network '" + spec.network + "' for " + spec.file);
  }
  std::size_t last = 0;
  for (const std::string& tap : spec.taps) {
    const auto at = std::find_if(stages.begin(), stages.end(), [&](const Stage& s) { return s.name == tap; });
    if (at == stages.end()) throw Error(spec.file, spec.file + " has no layer '" + tap + "' to tap");
    last = std::max(last, std::size_t(at - stages.begin()));
  }
  stages.resize(last + 1);
  for (Stage& stage : stages) {
    stage.module = torch::jit::freeze(stage.module);
    torch::jit::optimize_for_inference(stage.module);
  }
  return stages;
}

// The tap statistics of a batch of views, N x spec.features.
torch::Tensor TapFeatures(Stages& trunk, const BackboneSpec& spec, torch::Tensor x) {
  std::vector<torch::Tensor> taken(spec.taps.size());
  for (Stage& stage : trunk) {
    x = stage.module.forward({x}).toTensor();
    if (stage.relu_after) x = torch::relu(x);
    const auto tap = std::find(spec.taps.begin(), spec.taps.end(), stage.name);
    if (tap != spec.taps.end()) taken[std::size_t(tap - spec.taps.begin())] = Statistics(x);
    if (stage.pool_after) x = torch::max_pool2d(x, {3, 3}, {2, 2}, {0, 0}, {1, 1}, true);
  }
  return torch::cat(taken, 1);
}

torch::jit::Module LoadBackbone(const std::filesystem::path& path) {
  const std::string file = path.string();
  if (!std::filesystem::exists(path)) {
    throw Error(file, "learned judge backbone not found: " + file + " (reinstall versus or set VERSUS_MODEL_DIR)");
  }
  try {
    torch::jit::Module module = torch::jit::load(file);
    module.eval();
    if (!module.find_method("embed")) throw Error(file, "learned judge backbone has no 'embed' method: " + file);
    return module;
  } catch (const c10::Error& e) {
    throw Error(file, "learned judge backbone is not a readable TorchScript model: " + file + " (" +
                          e.what_without_backtrace() + ")");
  }
}

// The trunk, ready to run. A head written for other layers than this file has fails
// here, at load, naming the file, rather than on the first photo of a batch.
Stages CheckedTrunk(const torch::jit::Module& net, const BackboneSpec& spec, const std::string& file) {
  std::int64_t width = 0;
  Stages trunk;
  try {
    trunk = TrunkOf(net, spec);
    c10::InferenceMode inference;
    width = TapFeatures(trunk, spec, torch::zeros({1, 3, kSmallestInput, kSmallestInput})).size(1);
  } catch (const Error& e) {
    throw Error(file, std::string(e.what()) + " (" + file + ")");
  } catch (const c10::Error& e) {
    throw Error(file, "learned judge backbone does not run: " + file + " (" + e.what_without_backtrace() + ")");
  }
  if (width != spec.features) {
    throw Error(file, "learned judge head expects " + std::to_string(spec.features) + " features per view from " +
                          file + ", its taps give " + std::to_string(width) + ": retrain the head (versus-train)");
  }
  return trunk;
}

}  // namespace

struct BackboneEmbedder::Networks {
  std::vector<BackboneSpec> specs;
  std::vector<Stages> trunks;
};

// Freezing inlines method calls only while the graph optimiser is on, and the switch is
// process-wide (an earlier judge in this process turned it off): on while in scope,
// off after, also when loading throws. Off is what inference wants: the plain
// interpreter skips the profiling runs that make the first calls slow and vary.
class OptimiserOnWhileFreezing {
 public:
  OptimiserOnWhileFreezing() { torch::jit::setGraphExecutorOptimize(true); }
  ~OptimiserOnWhileFreezing() { torch::jit::setGraphExecutorOptimize(false); }
  OptimiserOnWhileFreezing(const OptimiserOnWhileFreezing&) = delete;
  OptimiserOnWhileFreezing& operator=(const OptimiserOnWhileFreezing&) = delete;
};

BackboneEmbedder::BackboneEmbedder(const std::filesystem::path& model_dir, std::vector<BackboneSpec> backbones)
    : networks_(std::make_unique<Networks>()) {
  // Images are embedded in parallel by the caller, one per thread.
  at::set_num_threads(1);
  const OptimiserOnWhileFreezing freezing;
  for (const BackboneSpec& spec : backbones) {
    const torch::jit::Module net = LoadBackbone(model_dir / spec.file);
    networks_->trunks.push_back(CheckedTrunk(net, spec, (model_dir / spec.file).string()));
  }
  networks_->specs = std::move(backbones);
}

BackboneEmbedder::~BackboneEmbedder() = default;

std::vector<float> BackboneEmbedder::Embed(const DecodedImage& image) const {
  c10::InferenceMode inference;
  std::vector<float> out;
  for (std::size_t i = 0; i < networks_->specs.size(); ++i) {
    const BackboneSpec& spec = networks_->specs[i];
    Stages& trunk = networks_->trunks[i];
    std::vector<torch::Tensor> parts = {TapFeatures(trunk, spec, Batch({GlobalView(image)}, spec))};
    if (spec.tiles) parts.push_back(TapFeatures(trunk, spec, Batch(TileViews(image), spec)).mean(0, true));
    for (const torch::Tensor& part : parts) {
      const torch::Tensor flat = part.reshape({-1}).contiguous();  // width checked at load (CheckedTrunk)
      out.insert(out.end(), flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
    }
  }
  return out;
}

}  // namespace versus::engine
