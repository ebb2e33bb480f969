// The only place the learned judge runs a network: frozen backbones, inference only.
#include "versus/engine/backbone_embedder.hpp"

// GCC 12 reads c10::intrusive_ptr's refcount arithmetic, inlined here, as an out-of-
// bounds access (-Warray-bounds, a known false positive in LibTorch 1.13's headers).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <torch/script.h>
#include <torch/torch.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "versus/engine/error.hpp"
#include "versus/engine/measures.hpp"

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

// kNetworkTiles: the heads were trained on photos of at most 768 px (CLIVE, BIQ2021,
// Kodak), which give the decoder room for one or two tiles, so a head knows means over
// one or two. A large photo's decoder gives four (the measures use them all); the
// networks take the two with the most detail, where a photographer's subject is in
// focus, and each tile left out saves a network pass (~9 ms a backbone).

// The kNetworkTiles most detailed of `tiles`, in their own order (ties: the first).
std::vector<cv::Mat> MostDetailed(const std::vector<cv::Mat>& tiles) {
  if (tiles.size() <= kNetworkTiles) return tiles;
  std::vector<double> detail;
  for (const cv::Mat& t : tiles) detail.push_back(LaplacianVariance(t));
  std::vector<std::size_t> order(tiles.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return detail[a] > detail[b]; });
  order.resize(kNetworkTiles);
  std::sort(order.begin(), order.end());
  std::vector<cv::Mat> kept;
  for (std::size_t i : order) kept.push_back(tiles[i]);
  return kept;
}

// Tiles at native resolution, all of the first tile's size (the decoder cuts them equal).
std::vector<cv::Mat> TileViews(const DecodedImage& image) {
  std::vector<cv::Mat> tiles;
  const std::vector<cv::Mat> source = image.tiles.empty() ? std::vector<cv::Mat>{image.working} : MostDetailed(image.tiles);
  const cv::Size size = source.front().size();
  for (const cv::Mat& t : source) tiles.push_back(LargeEnough(t.size() == size ? t : Resized(t, size)));
  return tiles;
}

// The sum of term(v[i]) over n values, in double, in kLanes independent partial sums so
// the adds overlap.
template <typename Term>
double Summed(const float* v, std::int64_t n, Term term) {
  constexpr int kLanes = 8;
  double lane[kLanes] = {};
  std::int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int k = 0; k < kLanes; ++k) lane[k] += term(v[i + k]);
  double sum = 0.0;
  for (; i < n; ++i) sum += term(v[i]);
  for (const double l : lane) sum += l;
  return sum;
}

// Per plane of an N x C x H x W tensor, its sample standard deviation, summed in double
// in two passes. LibTorch's std gives the same floats (its Welford update also sums in
// double) but ~5x slower on one thread: ~14 ms of each 512 px SqueezeNet view.
torch::Tensor PlaneStd(const torch::Tensor& activation) {
  const torch::Tensor x = activation.contiguous();
  const std::int64_t planes = x.size(0) * x.size(1), n = x.size(2) * x.size(3);
  torch::Tensor out = torch::empty({x.size(0), x.size(1)}, torch::kFloat);
  const float* plane = x.data_ptr<float>();
  float* std_dev = out.data_ptr<float>();
  for (std::int64_t p = 0; p < planes; ++p, plane += n) {
    const double mean = Summed(plane, n, [](float v) { return double(v); }) / double(n);
    const double squares = Summed(plane, n, [mean](float v) { return (v - mean) * (v - mean); });
    std_dev[p] = float(std::sqrt(squares / double(n - 1)));
  }
  return out;
}

// Per tap, each channel's mean and standard deviation over the picture: N x 2C.
torch::Tensor Statistics(const torch::Tensor& activation, BackboneExecution execution) {
  const torch::Tensor std_dev =
      execution == BackboneExecution::kOptimised ? PlaneStd(activation) : activation.std({2, 3});
  return torch::cat({activation.mean({2, 3}), std_dev}, 1);
}

// The 3x3/2 ceil-mode max pooling SqueezeNet's trunk does after some stages.
torch::Tensor MaxPooled(const torch::Tensor& x) { return torch::max_pool2d(x, {3, 3}, {2, 2}, {0, 0}, {1, 1}, true); }

// One step of a network's trunk and what the trunk does after it.
struct Stage {
  std::string name;  ///< what a tap calls it: "fire9", "features.18"
  torch::jit::Module module;
  bool relu_after = false;  ///< SqueezeNet's conv1: its ReLU lives in the trunk, not the module
  bool pool_after = false;  ///< SqueezeNet's ceil-mode 3x3/2 max pooling
};

// The trunk as the TorchScript's own `trunk`/`features` runs it, up to the last tap.
std::vector<Stage> StagesOf(const torch::jit::Module& net, const BackboneSpec& spec) {
  std::vector<Stage> stages;
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
  std::vector<std::string> needed = spec.taps;
  if (!spec.tail_after.empty()) needed.push_back(spec.tail_after);
  for (const std::string& tap : needed) {
    const auto at = std::find_if(stages.begin(), stages.end(), [&](const Stage& s) { return s.name == tap; });
    if (at == stages.end()) throw Error(spec.file, spec.file + " has no layer '" + tap + "' to tap");
    last = std::max(last, std::size_t(at - stages.begin()));
  }
  stages.resize(last + 1);
  return stages;
}

// A piece of the trunk ending at a tap or the stage a tail continues from
// (BackboneExecution::kOptimised), or one stage (kPlain).
struct Segment {
  std::string name;  ///< its last stage's
  bool tap = false;
  bool tail_input = false;  ///< its output is what the backbone's tail reads
  bool relu_after = false;
  bool pool_after = false;
  torch::jit::Module module;
};

using Segments = std::vector<Segment>;

bool IsTap(const BackboneSpec& spec, const std::string& name) {
  return std::find(spec.taps.begin(), spec.taps.end(), name) != spec.taps.end();
}

// The stages from one tap (exclusive) to the next (inclusive) as one TorchScript module,
// ReLU and pooling between them included; the pooling after the last stage (a tap) is
// TapFeatures' (its input is the tap's dense activation).
torch::jit::Module Joined(const std::vector<Stage>& stages) {
  torch::jit::Module joined("TrunkSegment");
  std::string forward = "def forward(self, x):\n";
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const std::string stage = "stage" + std::to_string(i);
    joined.register_module(stage, stages[i].module);
    forward += "    x = self." + stage + ".forward(x)\n";
    if (stages[i].relu_after) forward += "    x = torch.relu(x)\n";
    if (stages[i].pool_after && i + 1 < stages.size()) {
      forward += "    x = torch.max_pool2d(x, [3, 3], [2, 2], [0, 0], [1, 1], True)\n";
    }
  }
  joined.define(forward + "    return x\n");
  joined.eval();
  return joined;
}

// The trunk cut at its taps, each piece frozen and optimised for inference (LibTorch then
// runs it through oneDNN: ~10x faster here than its reference-BLAS convolutions). One
// graph per piece, not per stage, keeps activations in oneDNN's layout between stages;
// freezing each stage alone converted them back and forth at every stage and left
// SqueezeNet's ReLU after conv1 and its poolings to slow dense kernels (~2x slower).
// The pooling after a tap runs in oneDNN's layout too (its dense kernel is ~10x slower);
// the same floats either way.
Segments SegmentsOf(const torch::jit::Module& net, const BackboneSpec& spec, BackboneExecution execution) {
  Segments segments;
  std::vector<Stage> pending;
  for (const Stage& stage : StagesOf(net, spec)) {
    const bool tap = IsTap(spec, stage.name), tail_input = stage.name == spec.tail_after;
    if (execution == BackboneExecution::kPlain) {  // stage by stage, as the TorchScript runs them
      segments.push_back({stage.name, tap, tail_input, stage.relu_after, stage.pool_after, stage.module});
      continue;
    }
    pending.push_back(stage);
    if (!tap && !tail_input) continue;
    torch::jit::Module joined = torch::jit::freeze(Joined(pending));
    torch::jit::optimize_for_inference(joined);
    segments.push_back({stage.name, tap, tail_input, false, stage.pool_after, joined});
    pending.clear();
  }
  return segments;
}

// The tap statistics of a batch of views, N x spec.features; the activation a tail reads
// into `tail_input` when asked.
torch::Tensor TapFeatures(Segments& trunk, const BackboneSpec& spec, BackboneExecution execution, torch::Tensor x,
                          torch::Tensor* tail_input = nullptr) {
  std::vector<torch::Tensor> taken(spec.taps.size());
  for (Segment& segment : trunk) {
    x = segment.module.forward({x}).toTensor();
    if (segment.relu_after) x = torch::relu(x);
    if (segment.tail_input && tail_input) *tail_input = x;
    if (segment.tap) {
      const auto tap = std::find(spec.taps.begin(), spec.taps.end(), segment.name);
      taken[std::size_t(tap - spec.taps.begin())] = Statistics(x, execution);
    }
    if (segment.pool_after)
      x = execution == BackboneExecution::kPlain ? MaxPooled(x) : MaxPooled(x.to_mkldnn()).to_dense();
  }
  return torch::cat(taken, 1);
}

// A TorchScript file the judge needs (`what`: "backbone", "tail"), in eval mode, after
// `ready` (run while LibTorch's errors still name the file); engine::Error naming it
// when missing or unreadable.
template <typename Ready>
torch::jit::Module LoadScript(const std::filesystem::path& path, const std::string& what, Ready ready) {
  const std::string file = path.string();
  if (!std::filesystem::exists(path)) {
    throw Error(file, "learned judge " + what + " not found: " + file + " (reinstall versus or set VERSUS_MODEL_DIR)");
  }
  try {
    torch::jit::Module module = torch::jit::load(file);
    module.eval();
    return ready(module);
  } catch (const c10::Error& e) {
    throw Error(file, "learned judge " + what + " is not a readable TorchScript model: " + file + " (" +
                          e.what_without_backtrace() + ")");
  }
}

torch::jit::Module LoadBackbone(const std::filesystem::path& path) {
  return LoadScript(path, "backbone", [&](torch::jit::Module module) {
    if (!module.find_method("embed")) throw Error(path.string(), "learned judge backbone has no 'embed' method: " + path.string());
    return module;
  });
}

// A backbone's fine-tuned tail (BackboneSpec::tail_file): frozen and optimised like the
// trunk's pieces unless the trunk runs plain.
torch::jit::Module LoadTail(const std::filesystem::path& path, BackboneExecution execution) {
  return LoadScript(path, "tail", [&](torch::jit::Module tail) {
    if (execution == BackboneExecution::kPlain) return tail;
    torch::jit::Module frozen = torch::jit::freeze(tail);
    torch::jit::optimize_for_inference(frozen);
    return frozen;
  });
}

// One score per view of the batch its input came from.
torch::Tensor TailScores(torch::jit::Module& tail, const torch::Tensor& activation) {
  return tail.forward({activation}).toTensor().reshape({activation.size(0), 1});
}

// The trunk, ready to run. A head written for other layers than this file has fails
// here, at load, naming the file, rather than on the first photo of a batch; so does a
// tail that does not read the trunk's activation (named by `tail_file`).
Segments CheckedTrunk(const torch::jit::Module& net, const BackboneSpec& spec, BackboneExecution execution,
                      const std::string& file, torch::jit::Module* tail, const std::string& tail_file) {
  std::int64_t width = 0;
  Segments trunk;
  try {
    trunk = SegmentsOf(net, spec, execution);
    c10::InferenceMode inference;
    torch::Tensor tail_input;
    width = TapFeatures(trunk, spec, execution, torch::zeros({1, 3, kSmallestInput, kSmallestInput}), &tail_input)
                .size(1);
    if (tail) {
      try {
        TailScores(*tail, tail_input);
      } catch (const c10::Error& e) {
        throw Error(tail_file, "learned judge tail does not run on " + spec.tail_after + " of " + file + ": " +
                                   tail_file + " (" + e.what_without_backtrace() + ")");
      }
    }
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
  std::vector<Segments> trunks;
  std::vector<std::optional<torch::jit::Module>> tails;  ///< per backbone
  BackboneExecution execution = BackboneExecution::kOptimised;
};

// Freezing inlines method calls only while the graph optimiser is on, and the switch is
// per thread (an earlier judge made on this thread turned it off): on while in scope,
// off after, also when loading throws. Off is what inference wants: the plain
// interpreter skips the profiling runs that make the first calls slow and vary.
class OptimiserOnWhileFreezing {
 public:
  OptimiserOnWhileFreezing() { torch::jit::setGraphExecutorOptimize(true); }
  ~OptimiserOnWhileFreezing() { torch::jit::setGraphExecutorOptimize(false); }
  OptimiserOnWhileFreezing(const OptimiserOnWhileFreezing&) = delete;
  OptimiserOnWhileFreezing& operator=(const OptimiserOnWhileFreezing&) = delete;
};

BackboneEmbedder::BackboneEmbedder(const std::filesystem::path& model_dir, std::vector<BackboneSpec> backbones,
                                   BackboneExecution execution)
    : networks_(std::make_unique<Networks>()) {
  networks_->execution = execution;
  // Images are embedded in parallel by the caller, one per thread.
  at::set_num_threads(1);
  const OptimiserOnWhileFreezing freezing;
  for (const BackboneSpec& spec : backbones) {
    const torch::jit::Module net = LoadBackbone(model_dir / spec.file);
    std::optional<torch::jit::Module> tail;
    if (!spec.tail_file.empty()) tail = LoadTail(model_dir / spec.tail_file, execution);
    networks_->trunks.push_back(CheckedTrunk(net, spec, execution, (model_dir / spec.file).string(),
                                             tail ? &*tail : nullptr, (model_dir / spec.tail_file).string()));
    networks_->tails.push_back(std::move(tail));
  }
  networks_->specs = std::move(backbones);
}

BackboneEmbedder::~BackboneEmbedder() = default;

namespace {

void Append(const torch::Tensor& part, std::vector<float>& out) {
  const torch::Tensor flat = part.reshape({-1}).contiguous();  // width checked at load (CheckedTrunk)
  out.insert(out.end(), flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

}  // namespace

std::vector<float> BackboneEmbedder::Embed(const DecodedImage& image) const {
  // Off on the caller's thread too (the switch is per thread: workers other than the one
  // that made the judge had it on), so every thread, and the stage bench, runs alike.
  const torch::jit::GraphOptimizerEnabledGuard interpreter_only(false);
  c10::InferenceMode inference;
  std::vector<float> out;
  std::vector<torch::Tensor> tail_scores;  // after every backbone's views
  for (std::size_t i = 0; i < networks_->specs.size(); ++i) {
    const BackboneSpec& spec = networks_->specs[i];
    Segments& trunk = networks_->trunks[i];
    const BackboneExecution execution = networks_->execution;
    torch::Tensor tail_input;
    std::vector<torch::Tensor> parts = {TapFeatures(trunk, spec, execution, Batch({GlobalView(image)}, spec), &tail_input)};
    if (networks_->tails[i]) tail_scores.push_back(TailScores(*networks_->tails[i], tail_input));
    if (spec.tiles) parts.push_back(TapFeatures(trunk, spec, execution, Batch(TileViews(image), spec)).mean(0, true));
    for (const torch::Tensor& part : parts) Append(part, out);
  }
  for (const torch::Tensor& score : tail_scores) Append(score, out);
  return out;
}

}  // namespace versus::engine
