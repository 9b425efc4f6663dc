#pragma once
// Nadam (Dozat 2016), the NCA paper's optimiser, which LibTorch 1.13's C++ API lacks. The update
// of Keras's Nadam, the authors' TensorFlow code (NCA.md), which is also PyTorch's NAdam:
//   mu_t = beta1 (1 - 0.5 * 0.96^(t psi)), prod_t = mu_1 ... mu_t (psi = momentum_decay)
//   m <- beta1 m + (1 - beta1) g,  v <- beta2 v + (1 - beta2) g^2,  d = sqrt(v / (1 - beta2^t)) + eps
//   p <- p - lr (1 - mu_t) / (1 - prod_t) g / d - lr mu_{t+1} / (1 - prod_t mu_{t+1}) m / d
// eps = 1e-7 is Keras's default (PyTorch's is 1e-8).
#include <vector>

#include <torch/torch.h>

namespace press {

struct NadamOptions {
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-7, momentum_decay = 4e-3;
};

class Nadam {
 public:
  Nadam(std::vector<torch::Tensor> params, NadamOptions o);
  void step();  // one update from each parameter's .grad()
  void zero_grad();
  // The state, for a checkpoint: step count, the momentum product, m and v of each parameter.
  std::vector<torch::Tensor> state() const;
  void load_state(const std::vector<torch::Tensor>& s);

 private:
  std::vector<torch::Tensor> params_, m_, v_;
  NadamOptions o_;
  long t_ = 0;
  double mu_product_ = 1.0;
};

}  // namespace press
