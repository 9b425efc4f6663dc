// Adam in one pass over each parameter: LibTorch 1.13's Adam::step makes six passes with
// temporaries (mul_, add_, addcmul_, sqrt, div, add_, addcdiv_), 39% of an MLP training step at
// 128² (17M parameters); this reads p, g, m, v once and writes p, m, v once. The same update and
// the same state (AdamParamState), so save/load and resume work as with torch::optim::Adam.
// Differs from it in the last bits only (the same operations per element, in one expression).
#pragma once

#include <torch/torch.h>

namespace press {

class FusedAdam : public torch::optim::Adam {
 public:
  FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options);
  // No weight decay, no amsgrad. Contiguous float32 parameters on the CPU take the fused pass;
  // any others, LibTorch's Adam::step.
  torch::Tensor step(LossClosure closure = nullptr) override;
  // Drops every gradient (the next backward writes it instead of adding to zeros).
  void clear_grads();
};

}  // namespace press
