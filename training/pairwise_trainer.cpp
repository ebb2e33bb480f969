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
  // L-BFGS, not Adam: with thousands of standardised columns Adam's per-column steps of
  // equal size overshoot the small ridge-like optimum and fold results vary widely; this
  // objective is smooth and convex, which is what L-BFGS is for.
  torch::optim::LBFGS optimiser({w}, torch::optim::LBFGSOptions(options.learning_rate)
                                         .max_iter(1)
                                         .history_size(20)
                                         .tolerance_grad(1e-9)
                                         .tolerance_change(1e-12)
                                         .line_search_fn("strong_wolfe"));
  const auto loss_of = [&] {
    // Scores once per image, then differences per pair (a pair matrix would not fit).
    const torch::Tensor score = x.matmul(w);
    const torch::Tensor logits = score.index_select(0, ia) - score.index_select(0, ib);
    const torch::Tensor ce = torch::binary_cross_entropy_with_logits(logits, target, {}, {}, at::Reduction::None);
    return (ce * weight).sum() + options.l2 * w.pow(2).sum();
  };
  const auto objective = [&] {
    optimiser.zero_grad();
    torch::Tensor loss = loss_of();
    loss.backward();
    return loss;
  };
  TrainResult result;
  for (int step = 0; step < options.steps; ++step) {
    // One L-BFGS iteration (its history carries over). It starts by evaluating the
    // objective where the previous one ended and returns that value: the previous
    // step's result, recorded rather than computed a second time.
    const double at_start = optimiser.step(objective).item<double>();
    if (step > 0) result.loss.push_back(at_start);
  }
  {
    torch::NoGradGuard no_grad;
    result.loss.push_back(loss_of().item<double>());
  }
  const torch::Tensor final = w.detach().to(torch::kDouble).contiguous();
  result.weight.assign(final.data_ptr<double>(), final.data_ptr<double>() + columns);
  return result;
}

}  // namespace versus::training
