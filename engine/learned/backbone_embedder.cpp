// The only place the learned judge runs a network: frozen backbones, inference only.
#include "versus/engine/backbone_embedder.hpp"

#include <torch/script.h>
#include <torch/torch.h>
#include <torch/csrc/jit/runtime/graph_executor.h>

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

cv::Mat Square(const cv::Mat& bgr, int side) {
  cv::Mat out;
  cv::resize(bgr, out, cv::Size(side, side), 0, 0, side < bgr.cols ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

// Tiles at native resolution, all of the first tile's size (the decoder cuts them equal).
std::vector<cv::Mat> TileViews(const DecodedImage& image) {
  std::vector<cv::Mat> tiles;
  const std::vector<cv::Mat>& source = image.tiles.empty() ? std::vector<cv::Mat>{image.working} : image.tiles;
  const cv::Size size = source.front().size();
  for (const cv::Mat& t : source) {
    cv::Mat tile = t.size() == size ? t : Square(t, size.width);
    if (std::min(tile.rows, tile.cols) < kSmallestInput) tile = Square(tile, kSmallestInput);
    tiles.push_back(tile);
  }
  return tiles;
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

}  // namespace

struct BackboneEmbedder::Networks {
  std::vector<BackboneSpec> specs;
  std::vector<torch::jit::Module> modules;
};

BackboneEmbedder::BackboneEmbedder(const std::filesystem::path& model_dir, std::vector<BackboneSpec> backbones)
    : networks_(std::make_unique<Networks>()) {
  // Images are embedded in parallel by the caller, one per thread; the plain interpreter
  // skips the profiling runs that make the first calls slow and vary.
  at::set_num_threads(1);
  torch::jit::setGraphExecutorOptimize(false);
  for (const BackboneSpec& spec : backbones) networks_->modules.push_back(LoadBackbone(model_dir / spec.file));
  networks_->specs = std::move(backbones);
}

BackboneEmbedder::~BackboneEmbedder() = default;

std::vector<float> BackboneEmbedder::Embed(const DecodedImage& image) const {
  c10::InferenceMode inference;
  std::vector<float> out;
  const std::vector<cv::Mat> tiles = TileViews(image);
  for (std::size_t i = 0; i < networks_->specs.size(); ++i) {
    const BackboneSpec& spec = networks_->specs[i];
    torch::jit::Module& net = networks_->modules[i];
    const torch::Tensor global = net.get_method("embed")({Batch({Square(image.working, spec.global_size)}, spec)}).toTensor();
    const torch::Tensor local = net.get_method("embed")({Batch(tiles, spec)}).toTensor().mean(0, true);
    for (const torch::Tensor& part : {global, local}) {
      const torch::Tensor flat = part.reshape({-1}).contiguous();
      if (flat.numel() != spec.features) {
        throw Error(spec.file + ": embed gave " + std::to_string(flat.numel()) + " features, expected " +
                    std::to_string(spec.features));
      }
      out.insert(out.end(), flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
    }
  }
  return out;
}

}  // namespace versus::engine
