// versus-finetune-tail (issue 23, experiment): does training past the frozen features
// help? MobileNetV2's trunk up to a cut stage runs once per photo (its activations on the
// judge's global view are cached); the stages after the cut plus a linear score are then
// fine-tuned on human pairs (within each set, soft targets), 5-fold by photo with the
// same folds as versus-train. Prints each fold's Spearman on CLIVE and BIQ2021 for the
// fine-tuned tail and for the same tail frozen (only the score trained), so the gain of
// fine-tuning itself is measured, and writes every photo's out-of-fold score.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#include <torch/script.h>
#include <torch/torch.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#pragma GCC diagnostic pop

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

#include <boost/program_options.hpp>
#include <opencv2/imgproc.hpp>

#include "feature_dataset.hpp"
#include "versus/engine.hpp"
#include "versus/sorting.hpp"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct Photo {
  std::string name;
  int set = 0;  // 0 CLIVE, 1 BIQ2021
  double mos = 0, sd = 0;
};

struct Options {
  std::string models = "models", clive = "../shared/data/mos/clive-dev", biq = "../shared/data/mos/biq2021-train";
  std::string cache = "build/finetune-cache", out_scores;
  int cut = 15;  // features.0..cut frozen and cached; features.cut+1..18 trained
  int epochs = 6, batch = 16, folds = 5, jobs = 2;
  double lr = 1e-4, head_lr = 1e-3, weight_decay = 1e-4;
  unsigned seed = 1;
  bool frozen_only = false;
  std::string only_folds;
};

torch::jit::Module Features(const Options& o) {
  torch::jit::Module net = torch::jit::load((fs::path(o.models) / "mobilenet_v2_imagenet_dequant_float.torchscript.pt").string());
  net.eval();
  return net.attr("features").toModule();
}

torch::jit::Module Stage(const torch::jit::Module& features, int i) {
  return features.attr(std::to_string(i)).toModule();
}

// features.0..cut as one frozen, inference-optimised graph (as the judge runs them).
torch::jit::Module Trunk(const torch::jit::Module& features, int cut) {
  torch::jit::Module joined("Trunk");
  std::string forward = "def forward(self, x):\n";
  for (int i = 0; i <= cut; ++i) {
    joined.register_module("s" + std::to_string(i), Stage(features, i));
    forward += "    x = self.s" + std::to_string(i) + ".forward(x)\n";
  }
  joined.define(forward + "    return x\n");
  joined.eval();
  torch::jit::setGraphExecutorOptimize(true);
  torch::jit::Module frozen = torch::jit::freeze(joined);
  torch::jit::optimize_for_inference(frozen);
  torch::jit::setGraphExecutorOptimize(false);
  return frozen;
}

torch::Tensor Input(const cv::Mat& bgr) {
  cv::Mat rgb, f;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(f, CV_32FC3, 1.0 / 255.0);
  cv::subtract(f, cv::Scalar(0.485, 0.456, 0.406), f);
  cv::divide(f, cv::Scalar(0.229, 0.224, 0.225), f);
  return torch::from_blob(f.ptr<float>(), {1, f.rows, f.cols, 3}, torch::kFloat).permute({0, 3, 1, 2}).clone();
}

std::vector<Photo> ReadPhotos(const Options& o) {
  std::vector<Photo> photos;
  for (const auto& m : versus::training::ReadMosCsv(o.clive)) photos.push_back({"clive/" + m.name, 0, m.mos, m.mos_std});
  for (const auto& m : versus::training::ReadMosCsv(o.biq)) photos.push_back({"biq/" + m.name, 1, m.mos, 0.18});
  return photos;
}

fs::path FileOf(const Options& o, const Photo& p) {
  const std::string base = p.name.substr(p.name.find('/') + 1);
  return fs::path(p.set == 0 ? o.clive : o.biq) / "images" / base;
}

// Activations after features.cut for every photo and its mirror image: N x 2 x C x H x W
// would need equal sizes; kept as a list.
std::vector<torch::Tensor> Activations(const Options& o, const std::vector<Photo>& photos) {
  const fs::path file = fs::path(o.cache) / ("mobilenet_cut" + std::to_string(o.cut) + ".pt");
  std::vector<torch::Tensor> acts;
  if (fs::exists(file)) {
    torch::load(acts, file.string());
    if (acts.size() == 2 * photos.size()) return acts;
    acts.clear();
  }
  at::set_num_threads(1);
  const torch::jit::Module features = Features(o);
  torch::jit::Module trunk = Trunk(features, o.cut);  // frozen: safe to run on several threads
  acts.assign(2 * photos.size(), torch::Tensor());
  const auto start = std::chrono::steady_clock::now();
  std::atomic<std::size_t> done{0};
  std::mutex m;
  versus::engine::ParallelFor(photos.size(), unsigned(o.jobs), [&](std::size_t i) {
    const torch::jit::GraphOptimizerEnabledGuard plain(false);
    c10::InferenceMode inference;
    const versus::engine::DecodedImage image = versus::engine::Decode(FileOf(o, photos[i]));
    cv::Mat flipped;
    cv::flip(image.working, flipped, 1);
    acts[2 * i] = trunk.forward({Input(image.working)}).toTensor().to_dense().clone();
    acts[2 * i + 1] = trunk.forward({Input(flipped)}).toTensor().to_dense().clone();
    if (++done % 100 == 0) {
      std::lock_guard lock(m);
      std::fprintf(stderr, "  cached %zu / %zu (%.1f photos/s)\n", done.load(), photos.size(),
                   double(done) / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  });
  fs::create_directories(o.cache);
  torch::save(acts, file.string());
  return acts;
}

// The same folds as versus-train's FoldOfPhoto: dealt round-robin within each group
// (Kodak's 24 photos first, then CLIVE, then BIQ2021) and shuffled, one generator.
std::vector<int> Folds(const std::vector<Photo>& photos, int folds, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<unsigned> kodak(24);
  for (std::size_t i = 0; i < kodak.size(); ++i) kodak[i] = unsigned(i % folds);
  std::shuffle(kodak.begin(), kodak.end(), rng);
  std::vector<int> fold(photos.size());
  for (int set : {0, 1}) {
    std::vector<std::size_t> members;
    for (std::size_t p = 0; p < photos.size(); ++p) {
      if (photos[p].set == set) members.push_back(p);
    }
    std::vector<unsigned> dealt(members.size());
    for (std::size_t i = 0; i < dealt.size(); ++i) dealt[i] = unsigned(i % folds);
    std::shuffle(dealt.begin(), dealt.end(), rng);
    for (std::size_t i = 0; i < members.size(); ++i) fold[members[i]] = int(dealt[i]);
  }
  return fold;
}

// The trainable tail: features.cut+1..18 (fresh copies), mean pooling, a linear score.
struct Tail {
  std::vector<torch::jit::Module> stages;
  torch::nn::Linear score{nullptr};

  Tail(const torch::jit::Module& features, int cut) : score(torch::nn::Linear(1280, 1)) {
    torch::NoGradGuard leaves;  // copies made with autograd on are not leaves an optimiser may update
    for (int i = cut + 1; i <= 18; ++i) stages.push_back(Stage(features, i).clone());
    torch::nn::init::zeros_(score->weight);
    torch::nn::init::zeros_(score->bias);
  }
  std::vector<torch::Tensor> StageParameters() {
    std::vector<torch::Tensor> p;
    for (auto& s : stages) {
      for (const auto& t : s.parameters()) p.push_back(t);
    }
    return p;
  }
  torch::Tensor Pooled(torch::Tensor x) {
    for (auto& s : stages) x = s.forward({x}).toTensor();
    return x.mean({2, 3});
  }
};

// Soft targets and weights of all pairs within one set among `rows`.
torch::Tensor PairLoss(const torch::Tensor& scores, const std::vector<const Photo*>& batch) {
  std::vector<int64_t> a, b;
  std::vector<float> target;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    for (std::size_t j = i + 1; j < batch.size(); ++j) {
      if (batch[i]->set != batch[j]->set) continue;
      const double z = (batch[i]->mos - batch[j]->mos) / std::sqrt(batch[i]->sd * batch[i]->sd + batch[j]->sd * batch[j]->sd + 1e-12);
      a.push_back(int64_t(i));
      b.push_back(int64_t(j));
      target.push_back(float(0.5 * std::erfc(-z / std::sqrt(2.0))));
    }
  }
  const torch::Tensor ia = torch::tensor(a), ib = torch::tensor(b), t = torch::tensor(target);
  return torch::binary_cross_entropy_with_logits(scores.index_select(0, ia) - scores.index_select(0, ib), t);
}

double Spearman(const std::vector<Photo>& photos, const std::vector<int>& fold, int test, int set,
                const std::vector<double>& score) {
  std::vector<double> s, m;
  for (std::size_t p = 0; p < photos.size(); ++p) {
    if (fold[p] != test || photos[p].set != set) continue;
    s.push_back(score[p]);
    m.push_back(photos[p].mos);
  }
  return versus::sorting::SpearmanCorrelation(s, m);
}

// Trains one fold; returns the test photos' scores (others NaN).
std::vector<double> TrainFold(const Options& o, const torch::jit::Module& features, const std::vector<Photo>& photos,
                              const std::vector<torch::Tensor>& acts, const std::vector<int>& fold, int test,
                              bool finetune) {
  torch::manual_seed(o.seed + unsigned(test));
  Tail tail(features, o.cut);
  for (auto& s : tail.stages) {
    s.eval();  // batch norm keeps ImageNet's statistics (batches are small)
    for (const auto& t : s.parameters()) t.set_requires_grad(finetune);
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(tail.score->parameters(), std::make_unique<torch::optim::AdamWOptions>(o.head_lr));
  if (finetune) {
    auto opts = std::make_unique<torch::optim::AdamWOptions>(o.lr);
    opts->weight_decay(o.weight_decay);
    groups.emplace_back(tail.StageParameters(), std::move(opts));
  }
  torch::optim::AdamW optimiser(groups, torch::optim::AdamWOptions(o.head_lr));

  // Batches of one set each (pairs only within a set), shuffled per epoch.
  std::mt19937 rng(o.seed * 7919u + unsigned(test));
  std::vector<torch::Tensor> frozen_pool;  // frozen: the pooled features once
  if (!finetune) {
    c10::InferenceMode inference;
    frozen_pool.resize(acts.size());
    // In batches of equal sizes: LibTorch runs batches through oneDNN, single images
    // through its reference-BLAS convolution.
    for (std::size_t i = 0; i < acts.size();) {
      std::size_t end = i + 1;
      while (end < acts.size() && end - i < 32 && acts[end].sizes() == acts[i].sizes()) ++end;
      const torch::Tensor pooled = tail.Pooled(torch::cat(std::vector<torch::Tensor>(acts.begin() + long(i), acts.begin() + long(end)), 0));
      for (std::size_t k = i; k < end; ++k) frozen_pool[k] = pooled[long(k - i)].unsqueeze(0).clone();
      i = end;
    }
  }
  const int epochs = finetune ? o.epochs : 4 * o.epochs;
  const auto start = std::chrono::steady_clock::now();
  for (int epoch = 0; epoch < epochs; ++epoch) {
    std::vector<std::vector<std::size_t>> batches;
    for (int set : {0, 1}) {
      std::vector<std::size_t> members;
      for (std::size_t p = 0; p < photos.size(); ++p) {
        if (photos[p].set == set && fold[p] != test) members.push_back(p);
      }
      std::shuffle(members.begin(), members.end(), rng);
      for (std::size_t i = 0; i + 2 <= members.size(); i += std::size_t(o.batch)) {
        batches.emplace_back(members.begin() + long(i), members.begin() + long(std::min(members.size(), i + o.batch)));
      }
    }
    std::shuffle(batches.begin(), batches.end(), rng);
    double total = 0;
    for (const auto& batch : batches) {
      std::vector<torch::Tensor> items;
      std::vector<const Photo*> who;
      for (std::size_t p : batch) {
        const std::size_t k = 2 * p + (rng() & 1u);  // the photo or its mirror image
        items.push_back(finetune ? acts[k] : frozen_pool[k]);
        who.push_back(&photos[p]);
      }
      torch::Tensor pooled;
      if (finetune) {
        // Equal sizes within a set's batch are not guaranteed: run each, then stack.
        std::vector<torch::Tensor> pooled_items;
        bool same = true;
        for (const auto& t : items) same = same && t.sizes() == items[0].sizes();
        if (same) {
          pooled = tail.Pooled(torch::cat(items, 0));
        } else {
          for (const auto& t : items) pooled_items.push_back(tail.Pooled(t));
          pooled = torch::cat(pooled_items, 0);
        }
      } else {
        pooled = torch::cat(items, 0);
      }
      const torch::Tensor scores = tail.score->forward(pooled).reshape({-1});
      const torch::Tensor loss = PairLoss(scores, who);
      optimiser.zero_grad();
      loss.backward();
      optimiser.step();
      total += loss.item<double>();
    }
    std::fprintf(stderr, "    fold %d %s epoch %d: loss %.4f (%.0f s)\n", test, finetune ? "fine-tuned" : "frozen",
                 epoch + 1, total / double(batches.size()),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::vector<double> score(photos.size(), std::nan(""));
  c10::InferenceMode inference;
  for (std::size_t p = 0; p < photos.size(); ++p) {
    if (fold[p] != test) continue;
    const torch::Tensor pooled = finetune ? tail.Pooled(acts[2 * p]) : frozen_pool[2 * p];
    score[p] = tail.score->forward(pooled).item<double>();
  }
  return score;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  po::options_description desc("versus-finetune-tail: fine-tune MobileNetV2's last stages on cached activations\n\noptions");
  desc.add_options()("help,h", "show this help")
      ("models", po::value(&o.models)->default_value(o.models), "folder with the backbone TorchScript files")
      ("mos", po::value(&o.clive)->default_value(o.clive), "CLIVE folder")
      ("biq", po::value(&o.biq)->default_value(o.biq), "BIQ2021 folder")
      ("cache", po::value(&o.cache)->default_value(o.cache), "activation cache folder")
      ("cut", po::value(&o.cut)->default_value(o.cut), "last frozen stage (features.N)")
      ("epochs", po::value(&o.epochs)->default_value(o.epochs), "epochs of fine-tuning")
      ("batch", po::value(&o.batch)->default_value(o.batch), "photos per batch (one set each)")
      ("lr", po::value(&o.lr)->default_value(o.lr), "learning rate of the stages")
      ("head-lr", po::value(&o.head_lr)->default_value(o.head_lr), "learning rate of the score")
      ("weight-decay", po::value(&o.weight_decay)->default_value(o.weight_decay), "AdamW weight decay of the stages")
      ("seed", po::value(&o.seed)->default_value(o.seed), "fold split and training seed")
      ("folds", po::value(&o.folds)->default_value(o.folds), "folds")
      ("only-folds", po::value(&o.only_folds), "run only these folds (digits, e.g. 01)")
      ("frozen-only", po::bool_switch(&o.frozen_only), "train only the score on frozen stages")
      ("scores", po::value(&o.out_scores), "write photo,set,mos,fold,frozen,finetuned out-of-fold scores here")
      ("jobs,j", po::value(&o.jobs)->default_value(o.jobs), "threads");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  po::notify(vm);
  if (vm.count("help")) { std::printf("%s\n", (std::ostringstream() << desc).str().c_str()); return 0; }

  const std::vector<Photo> photos = ReadPhotos(o);
  const std::vector<torch::Tensor> acts = Activations(o, photos);
  at::set_num_threads(o.jobs);
  const torch::jit::Module features = Features(o);
  const std::vector<int> fold = Folds(photos, o.folds, o.seed);
  std::vector<double> frozen(photos.size(), std::nan("")), tuned(photos.size(), std::nan(""));
  std::printf("fold  frozen CLIVE  frozen BIQ  fine-tuned CLIVE  fine-tuned BIQ\n");
  for (int f = 0; f < o.folds; ++f) {
    if (!o.only_folds.empty() && o.only_folds.find(char('0' + f)) == std::string::npos) continue;
    const auto fs_ = TrainFold(o, features, photos, acts, fold, f, false);
    std::vector<double> ts(photos.size(), std::nan(""));
    if (!o.frozen_only) ts = TrainFold(o, features, photos, acts, fold, f, true);
    for (std::size_t p = 0; p < photos.size(); ++p) {
      if (fold[p] == f) { frozen[p] = fs_[p]; tuned[p] = ts[p]; }
    }
    std::printf("%-5d %-13.3f %-11.3f %-17.3f %.3f\n", f, Spearman(photos, fold, f, 0, frozen),
                Spearman(photos, fold, f, 1, frozen), Spearman(photos, fold, f, 0, tuned), Spearman(photos, fold, f, 1, tuned));
    std::fflush(stdout);
  }
  if (!o.out_scores.empty()) {
    std::ofstream out(o.out_scores);
    out << "photo,set,mos,fold,frozen,finetuned\n";
    out.precision(9);
    for (std::size_t p = 0; p < photos.size(); ++p)
      out << photos[p].name << "," << photos[p].set << "," << photos[p].mos << "," << fold[p] << "," << frozen[p] << ","
          << tuned[p] << "\n";
  }
  return 0;
}
