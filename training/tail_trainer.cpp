#include "tail_trainer.hpp"

// GCC 12 reads c10::intrusive_ptr's refcount arithmetic as out of bounds (a known false
// positive in LibTorch 1.13's headers).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <torch/script.h>
#include <torch/torch.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "versus/engine/parallel.hpp"

namespace versus::training {
namespace {

namespace fs = std::filesystem;

constexpr int kLastStage = 18;  // MobileNetV2's features.18: 1280 channels, then pooling
constexpr int kWidth = 1280;

torch::jit::Module Features(const TailOptions& o) {
  const fs::path file = o.models / o.backbone_file;
  if (!fs::exists(file)) throw std::runtime_error("tail: backbone not found: " + file.string());
  torch::jit::Module net = torch::jit::load(file.string());
  net.eval();
  return net.attr("features").toModule();
}

torch::jit::Module Stage(const torch::jit::Module& features, int i) { return features.attr(std::to_string(i)).toModule(); }

// features.0..cut as one frozen, inference-optimised graph, as the judge runs its trunk.
torch::jit::Module FrozenTrunk(const torch::jit::Module& features, int cut) {
  torch::jit::Module joined("TailTrunk");
  std::string forward = "def forward(self, x):\n";
  for (int i = 0; i <= cut; ++i) {
    joined.register_module("s" + std::to_string(i), Stage(features, i));
    forward += "    x = self.s" + std::to_string(i) + ".forward(x)\n";
  }
  joined.define(forward + "    return x\n");
  joined.eval();
  const torch::jit::GraphOptimizerEnabledGuard optimiser(true);  // freezing inlines only with it on
  torch::jit::Module frozen = torch::jit::freeze(joined);
  torch::jit::optimize_for_inference(frozen);
  return frozen;
}

// The judge's input convention for MobileNetV2 ("imagenet-rgb"), 1 x 3 x H x W.
torch::Tensor Input(const cv::Mat& bgr) {
  cv::Mat rgb, f;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(f, CV_32FC3, 1.0 / 255.0);
  cv::subtract(f, cv::Scalar(0.485, 0.456, 0.406), f);
  cv::divide(f, cv::Scalar(0.229, 0.224, 0.225), f);
  return torch::from_blob(f.ptr<float>(), {1, f.rows, f.cols, 3}, torch::kFloat).permute({0, 3, 1, 2}).clone();
}

// The trainable stages (fresh copies of ImageNet's) and the linear score.
struct Tail {
  std::vector<torch::jit::Module> stages;
  torch::Tensor weight, bias;

  Tail(const torch::jit::Module& features, int cut) {
    torch::NoGradGuard leaves;  // copies made with autograd on are not leaves an optimiser may update
    for (int i = cut + 1; i <= kLastStage; ++i) {
      stages.push_back(Stage(features, i).clone());
      stages.back().eval();  // batch norm keeps ImageNet's statistics: batches are small
    }
    weight = torch::zeros({kWidth}).set_requires_grad(true);
    bias = torch::zeros({1}).set_requires_grad(true);
  }
  std::vector<torch::Tensor> StageParameters() const {
    std::vector<torch::Tensor> p;
    for (const auto& s : stages) {
      for (const auto& t : s.parameters()) p.push_back(t);
    }
    return p;
  }
  torch::Tensor Scores(torch::Tensor x) {
    for (auto& s : stages) x = s.forward({x}).toTensor();
    return torch::matmul(x.mean({2, 3}), weight) + bias;
  }
  // As TorchScript: the same operations, for the judge to run.
  void Save(const fs::path& path) {
    torch::NoGradGuard no_grad;
    torch::jit::Module out("FineTunedTail");
    std::string forward = "def forward(self, x):\n";
    for (std::size_t i = 0; i < stages.size(); ++i) {
      const std::string name = "stage" + std::to_string(i);
      out.register_module(name, stages[i]);
      forward += "    x = self." + name + ".forward(x)\n";
    }
    out.register_parameter("score_weight", weight.detach().clone(), false);
    out.register_parameter("score_bias", bias.detach().clone(), false);
    out.define(forward + "    return torch.matmul(torch.mean(x, [2, 3]), self.score_weight) + self.score_bias\n");
    out.eval();
    out.save(path.string());
  }
};

// P(x better than y) for a pair the tail trains on, or NaN: human photos of one set get
// Phi((muA - muB) / sqrt(sdA^2 + sdB^2)), as the head's human pairs; two levels of one
// photo's ladder (level 0: the photo as it is) 1 for the milder.
double Target(const LearnedSample& x, const LearnedSample& y) {
  const bool human = x.kind < 0 && y.kind < 0 && x.set == y.set && x.set != HumanSet::kNone;
  if (human) {
    const double spread = std::sqrt(x.mos_std * x.mos_std + y.mos_std * y.mos_std);
    const double z = spread > 0 ? (x.mos - y.mos) / spread : (x.mos > y.mos ? 8.0 : x.mos < y.mos ? -8.0 : 0.0);
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
  }
  const bool ladder = x.photo == y.photo && (x.kind == y.kind || x.kind < 0 || y.kind < 0) && x.level != y.level;
  if (ladder) return x.level < y.level ? 1.0 : 0.0;
  return std::nan("");
}

// Mean cross-entropy of the batch's pairs (Target).
torch::Tensor PairLoss(const torch::Tensor& scores, const std::vector<const LearnedSample*>& batch) {
  std::vector<std::int64_t> a, b;
  std::vector<float> target;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    for (std::size_t j = i + 1; j < batch.size(); ++j) {
      const double t = Target(*batch[i], *batch[j]);
      if (std::isnan(t)) continue;
      a.push_back(std::int64_t(i));
      b.push_back(std::int64_t(j));
      target.push_back(float(t));
    }
  }
  const torch::Tensor ia = torch::tensor(a), ib = torch::tensor(b);
  return torch::binary_cross_entropy_with_logits(scores.index_select(0, ia) - scores.index_select(0, ib),
                                                 torch::tensor(target));
}

// Per training photo with ladders and per kind the tail may train on: the photo as it
// is, then that kind's levels.
std::vector<std::vector<std::size_t>> LadderGroups(const LearnedData& data, const std::vector<bool>& train_photo) {
  std::vector<long> original(data.photos.size(), -1);
  std::map<std::pair<std::size_t, int>, std::vector<std::size_t>> levels;
  for (std::size_t i = 0; i < data.samples.size(); ++i) {
    const LearnedSample& s = data.samples[i];
    if (!train_photo[s.photo]) continue;
    if (s.kind < 0) original[s.photo] = long(i);
    if (s.kind >= 0 && !LadderKinds()[std::size_t(s.kind)].held_out) levels[{s.photo, s.kind}].push_back(i);
  }
  std::vector<std::vector<std::size_t>> groups;
  for (const auto& [key, members] : levels) {
    if (original[key.first] < 0) continue;
    groups.push_back({std::size_t(original[key.first])});
    groups.back().insert(groups.back().end(), members.begin(), members.end());
  }
  return groups;
}

// Sets LibTorch's thread count for one scope (the embedder and the head's fits use one).
class Threads {
 public:
  explicit Threads(int n) : before_(at::get_num_threads()) { at::set_num_threads(n); }
  ~Threads() { at::set_num_threads(before_); }
  Threads(const Threads&) = delete;
  Threads& operator=(const Threads&) = delete;

 private:
  int before_;
};

}  // namespace

struct TailTrainer::State {
  const LearnedData* data = nullptr;
  TailOptions options;
  torch::jit::Module features;
  std::vector<torch::Tensor> activations;  ///< per sample: [global view, mirror image]
};

TailTrainer::TailTrainer(const LearnedData& data, TailOptions options) : state_(std::make_unique<State>()) {
  state_->data = &data;
  state_->options = std::move(options);
  const TailOptions& o = state_->options;
  state_->features = Features(o);
  auto& acts = state_->activations;
  if (fs::exists(o.cache)) {
    torch::load(acts, o.cache.string());
    if (acts.size() == 2 * data.samples.size()) return;
    acts.clear();
  }
  std::fprintf(stderr, "tail: caching %s activations of %zu images and their mirror images in %s\n", After().c_str(),
               data.samples.size(), o.cache.c_str());
  const Threads one(1);
  torch::jit::Module trunk = FrozenTrunk(state_->features, o.cut);  // frozen: safe on several threads
  acts.assign(2 * data.samples.size(), torch::Tensor());
  std::atomic<std::size_t> done{0};
  std::mutex log;
  const auto start = std::chrono::steady_clock::now();
  engine::ParallelFor(data.samples.size(), o.jobs, [&](std::size_t i) {
    const torch::jit::GraphOptimizerEnabledGuard interpreter_only(false);
    c10::InferenceMode inference;
    const cv::Mat view = SampleImage(data, data.samples[i]).working;
    cv::Mat mirror;
    cv::flip(view, mirror, 1);
    acts[2 * i] = trunk.forward({Input(view)}).toTensor().clone();
    acts[2 * i + 1] = trunk.forward({Input(mirror)}).toTensor().clone();
    if (++done % 200 == 0) {
      std::lock_guard lock(log);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::fprintf(stderr, "  cached %zu / %zu (%.1f images/s)\n", done.load(), data.samples.size(), double(done) / s);
    }
  });
  if (o.cache.has_parent_path()) fs::create_directories(o.cache.parent_path());
  torch::save(acts, o.cache.string());
}

TailTrainer::~TailTrainer() = default;

std::string TailTrainer::After() const { return "features." + std::to_string(state_->options.cut); }

std::vector<double> TailTrainer::TrainAndScore(const std::vector<bool>& train_photo, unsigned seed,
                                               const fs::path& save) const {
  const TailOptions& o = state_->options;
  const LearnedData& data = *state_->data;
  const auto& acts = state_->activations;
  const Threads threads(int(o.jobs));
  torch::manual_seed(seed);
  Tail tail(state_->features, o.cut);
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<torch::Tensor>{tail.weight, tail.bias},
                      std::make_unique<torch::optim::AdamWOptions>(o.score_learning_rate));
  auto stage_options = std::make_unique<torch::optim::AdamWOptions>(o.learning_rate);
  stage_options->weight_decay(o.weight_decay);
  groups.emplace_back(tail.StageParameters(), std::move(stage_options));
  torch::optim::AdamW optimiser(groups, torch::optim::AdamWOptions(o.score_learning_rate));

  // Each set's training photos as they are (not their ladders).
  std::vector<std::vector<std::size_t>> by_set(kHumanSets);
  for (std::size_t i = 0; i < data.samples.size(); ++i) {
    const LearnedSample& s = data.samples[i];
    if (s.kind < 0 && s.set != HumanSet::kNone && train_photo[s.photo] && !std::isnan(s.mos))
      by_set[std::size_t(s.set)].push_back(i);
  }
  const std::vector<std::vector<std::size_t>> ladders = LadderGroups(data, train_photo);
  std::mt19937 rng(seed);
  const auto start = std::chrono::steady_clock::now();
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    std::vector<std::vector<std::size_t>> batches;
    for (auto members : by_set) {
      std::shuffle(members.begin(), members.end(), rng);
      for (std::size_t i = 0; i + 2 <= members.size(); i += std::size_t(o.batch)) {
        batches.emplace_back(members.begin() + long(i), members.begin() + long(std::min(members.size(), i + o.batch)));
      }
    }
    // Each ladder a batch of its own, all of them together weighing ladder_weight times
    // the human batches (as one batch where there are none).
    const double ladder_batch_weight =
        ladders.empty() ? 0.0 : o.ladder_weight * double(std::max<std::size_t>(1, batches.size())) / double(ladders.size());
    if (o.ladder_weight > 0) batches.insert(batches.end(), ladders.begin(), ladders.end());
    std::shuffle(batches.begin(), batches.end(), rng);
    double total = 0;
    for (const auto& batch : batches) {
      std::vector<torch::Tensor> items;
      std::vector<const LearnedSample*> who;
      for (std::size_t i : batch) {
        items.push_back(acts[2 * i + (rng() & 1u)]);  // the view or its mirror image
        who.push_back(&data.samples[i]);
      }
      bool same = true;
      for (const auto& t : items) same = same && t.sizes() == items[0].sizes();
      torch::Tensor scores;
      if (same) {
        scores = tail.Scores(torch::cat(items, 0));
      } else {
        std::vector<torch::Tensor> each;
        for (const auto& t : items) each.push_back(tail.Scores(t));
        scores = torch::cat(each, 0);
      }
      const bool ladder = who.back()->kind >= 0;
      const torch::Tensor loss = PairLoss(scores, who) * (ladder ? ladder_batch_weight : 1.0);
      optimiser.zero_grad();
      loss.backward();
      optimiser.step();
      total += loss.item<double>();
    }
    std::fprintf(stderr, "  tail epoch %d: pair loss %.4f (%.0f s)\n", epoch + 1, total / double(batches.size()),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }

  // Every sample's score on its view, in batches of equal sizes (LibTorch runs batches
  // through oneDNN, single images through its slower reference convolution).
  std::vector<double> scores(data.samples.size());
  {
    c10::InferenceMode inference;
    for (std::size_t i = 0; i < data.samples.size();) {
      std::size_t end = i + 1;
      while (end < data.samples.size() && end - i < 32 && acts[2 * end].sizes() == acts[2 * i].sizes()) ++end;
      std::vector<torch::Tensor> batch;
      for (std::size_t k = i; k < end; ++k) batch.push_back(acts[2 * k]);
      const torch::Tensor s = tail.Scores(torch::cat(batch, 0)).contiguous();
      for (std::size_t k = i; k < end; ++k) scores[k] = double(s[long(k - i)].item<float>());
      i = end;
    }
  }
  if (!save.empty()) tail.Save(save);
  return scores;
}

LearnedData WithTailColumn(const LearnedData& data, const std::vector<double>& scores) {
  LearnedData out = data;
  for (std::size_t i = 0; i < out.samples.size(); ++i) out.samples[i].embedding.push_back(float(scores.at(i)));
  return out;
}

}  // namespace versus::training
