#pragma once
// The biologically-informed neural network of the 2-D BINN code (BINN.md "The BINN", issue 24):
//   surrogate  u(x, y, t): 3 -> 64 -> 64 -> 64 -> 1, SiLU, softplus output
//   diffusion  D(u) = d_max Dhat(u): 1 -> 4 -> 4 -> 4 -> 1, SiLU, softplus output
//   growth     G(u) = g_max Ghat(u): 1 -> 4 -> 4 -> 4 -> 1, SiLU, linear output
//   residual   r = u_t - div(D(u) grad u) - G(u) u, every derivative by autograd (the divergence
//              by a second backward pass through D(u) grad u)
//   loss       mean (u - data)^2 + mean r^2 over collocation points, plus
//              (1e3 / d_max) mean [relu(-Dhat)^2 + relu(Dhat - 1)^2 + relu(-dDhat/du)^2] and
//              (1e3 / g_max) mean [relu(-0.2 - Ghat)^2 + relu(Ghat - 1)^2 + relu(dGhat/du)^2]
//              at the collocation points' u (range and monotonicity: D rises, G falls with u)
// float64 throughout: second derivatives of a float32 network are noisy at this scale.
#include <cstdint>

#include <torch/torch.h>

namespace press {

class Config;

struct BinnSpec {
  int width = 64, depth = 3;          // surrogate
  int law_width = 4, law_depth = 3;   // D and G
  double d_max = 0.1, g_max = 2.4;
  static BinnSpec from_config(const Config& cfg);
};

class BinnImpl : public torch::nn::Module {
 public:
  BinnImpl(const BinnSpec& spec, std::uint64_t seed);
  torch::Tensor u(const torch::Tensor& xyt);       // [N, 3] -> [N, 1]
  torch::Tensor dhat(const torch::Tensor& u);      // [N, 1] -> [N, 1], D / d_max
  torch::Tensor ghat(const torch::Tensor& u);      // [N, 1] -> [N, 1], G / g_max
  const BinnSpec& spec() const { return spec_; }

  struct Residual {
    torch::Tensor r, u, dhat, ghat, dhat_du, ghat_du;  // each [N, 1] (the laws at u of the points)
  };
  // At collocation points xyt [N, 3] (requires_grad is set here), keeping the graph for backward.
  Residual residual(torch::Tensor xyt);

 private:
  BinnSpec spec_;
  torch::nn::Sequential surrogate_{nullptr}, diffusion_{nullptr}, growth_{nullptr};
};
TORCH_MODULE(Binn);

// The penalties above, from a residual's laws.
torch::Tensor binn_penalty(const BinnSpec& spec, const BinnImpl::Residual& r);

}  // namespace press
