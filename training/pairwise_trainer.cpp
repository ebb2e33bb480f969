#include "pairwise_trainer.hpp"

#include <torch/torch.h>

#include <stdexcept>

namespace versus::training {

void SeedTraining(unsigned seed) {
  torch::manual_seed(seed);
  torch::set_num_threads(1);
}

TrainResult TrainPairwiseScore(const std::vector<float>& features, std::int64_t rows, std::int64_t columns,
                               const PairSet& pairs, const TrainOptions& options) {
  if (pairs.a.empty()) throw std::invalid_argument("no training pairs");
  const torch::Tensor x = torch::from_blob(const_cast<float*>(features.data()), {rows, columns}, torch::kFloat);
  const auto index = [](const std::vector<std::int64_t>& v) {
    return torch::from_blob(const_cast<std::int64_t*>(v.data()), {std::int64_t(v.size())}, torch::kLong);
  };
  const auto floats = [](const std::vector<float>& v) {
    return torch::from_blob(const_cast<float*>(v.data()), {std::int64_t(v.size())}, torch::kFloat);
  };
  const torch::Tensor ia = index(pairs.a), ib = index(pairs.b), target = floats(pairs.target);
  const torch::Tensor weight = floats(pairs.weight) / floats(pairs.weight).sum();

  torch::Tensor w = torch::zeros({columns}, torch::requires_grad());
  torch::optim::Adam optimiser({w}, torch::optim::AdamOptions(options.learning_rate));
  TrainResult result;
  for (int step = 0; step < options.steps; ++step) {
    optimiser.zero_grad();
    // Scores once per image, then differences per pair (a pair matrix would not fit).
    const torch::Tensor score = x.matmul(w);
    const torch::Tensor logits = score.index_select(0, ia) - score.index_select(0, ib);
    const torch::Tensor ce = torch::binary_cross_entropy_with_logits(logits, target, {}, {}, at::Reduction::None);
    const torch::Tensor loss = (ce * weight).sum() + options.l2 * w.pow(2).sum();
    loss.backward();
    optimiser.step();
    result.loss.push_back(loss.item<double>());
  }
  const torch::Tensor final = w.detach().to(torch::kDouble).contiguous();
  result.weight.assign(final.data_ptr<double>(), final.data_ptr<double>() + columns);
  return result;
}

}  // namespace versus::training
