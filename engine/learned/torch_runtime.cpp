// LibTorch lives behind this file (and later the learned judge's), never in a public
// header: including torch costs ~16 s of compile per translation unit.
#include <torch/torch.h>

#include "versus/engine/comparators.hpp"

namespace versus::engine {

std::string TorchVersion() {
  // A real tensor operation, so the library is linked and initialised, not just named.
  const at::Tensor probe = torch::ones({2, 2}).sum();
  return std::string(TORCH_VERSION) + (probe.item<float>() == 4.0f ? "" : " (broken)");
}

}  // namespace versus::engine
