#pragma once
// The learned judge's fine-tuned tail (issue 23): training past the frozen features on a
// CPU. MobileNetV2's trunk up to a cut stage runs once per image, on the judge's global
// view and on its mirror image, and those activations are cached on disk; training then
// runs only the stages after the cut plus a linear score, on human pairs within each
// set (soft targets, as the head's) and on the distortion ladders of the training photos
// (the milder level wins).
// LibTorch stays out of this header.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "learned_dataset.hpp"

namespace versus::training {

struct TailOptions {
  std::filesystem::path models;  ///< folder with the backbone's TorchScript
  std::filesystem::path cache;   ///< activation cache file (made on the first run)
  std::string backbone_file = "mobilenet_v2_imagenet_dequant_float.torchscript.pt";
  int cut = 15;     ///< features.0..cut stay frozen; features.cut+1..18 are trained
  int epochs = 6;
  int batch = 16;   ///< photos per step, all of one human set (pairs only within a set)
  double learning_rate = 1e-4;        ///< of the stages (AdamW)
  double score_learning_rate = 1e-3;  ///< of the linear score
  double weight_decay = 1e-4;         ///< of the stages
  /// The ladder pairs' share beside the human pairs' (1: as much in all; 0: none). A tail
  /// trained on people alone learns to like some damage and, added to the head, undoes
  /// its ladder order; at 1 it loses what it learned from people (training/README.md).
  double ladder_weight = 0.1;  ///< as the head's ladders beside its human pairs (1 : 10)
  unsigned jobs = 2;
};

class TailTrainer {
 public:
  /// Reads the activations of every sample of `data` from `options.cache`, or computes
  /// and writes them (~4 min for 3,089 images on 2 cores). Throws std::runtime_error.
  TailTrainer(const LearnedData& data, TailOptions options);
  ~TailTrainer();
  TailTrainer(const TailTrainer&) = delete;
  TailTrainer& operator=(const TailTrainer&) = delete;

  /// Trains a tail from ImageNet's weights on the human and ladder pairs of `train_photo`
  /// (deterministic for a seed and thread count) and returns every sample's score on
  /// its global view. With `save`, writes the tail as TorchScript there: `forward` takes
  /// the activation after stage After() and returns one score per image.
  std::vector<double> TrainAndScore(const std::vector<bool>& train_photo, unsigned seed,
                                    const std::filesystem::path& save = {}) const;

  /// The trunk stage the tail continues from: "features.<cut>".
  std::string After() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// `data` with each sample's tail score appended to its embedding: the "tail" column,
/// after every backbone's (where the judge's embedding has it).
LearnedData WithTailColumn(const LearnedData& data, const std::vector<double>& scores);

}  // namespace versus::training
