#pragma once
// Fits a linear score s(x) = w . z on standardised features so that
// P(A better than B) = sigmoid(s(A) - s(B)) matches soft pairwise targets (weighted
// cross-entropy + L2), with LibTorch's Adam on the CPU. Deterministic: zero start, full
// batches, one thread.
#include <cstdint>
#include <vector>

namespace versus::training {

struct PairSet {
  std::vector<std::int64_t> a, b;  ///< row indices into the feature matrix
  std::vector<float> target;       ///< P(a better than b)
  std::vector<float> weight;       ///< per pair; the loss is the weighted mean
  void Add(std::int64_t first, std::int64_t second, float p, float w) {
    a.push_back(first);
    b.push_back(second);
    target.push_back(p);
    weight.push_back(w);
  }
};

struct TrainOptions {
  double l2 = 1e-3;
  int steps = 100;             ///< L-BFGS iterations
  double learning_rate = 1.0;  ///< L-BFGS's initial step (its line search adapts it)
};

struct TrainResult {
  std::vector<double> weight;  ///< per feature column
  std::vector<double> loss;    ///< objective after each step
};

/// Seeds LibTorch and trains on one thread (the machine is shared; fits are small).
void SeedTraining(unsigned seed);

/// `features` is row-major, `rows` x `columns`, already standardised.
TrainResult TrainPairwiseScore(const std::vector<float>& features, std::int64_t rows, std::int64_t columns,
                               const PairSet& pairs, const TrainOptions& options);

}  // namespace versus::training
