#pragma once
// A Neural Cellular Automaton (Richardson et al.; ../shared/paper/NCA.md), in LibTorch.
//   state x [B, C, H, W]: the observed fields first (Gray-Scott: A, B), then C - observed hidden
//     channels, which start at 0.
//   perception z = the fixed 3x3 kernels applied depthwise to every channel, on periodic
//     boundaries (circular pad, convolve): channel c * K + j is kernel j on channel c.
//     identity, average (1/9), sobel_x = (1/4)[1 2 1]^T [-1 0 1], sobel_y its transpose,
//     laplacian = (1/4)[[1, 2, 1], [2, -12, 2], [1, 2, 1]] (the data's stencil). None is learned.
//   update F(z) = W2 relu(W1 z) + b2 per pixel (1x1 convolutions): K C -> hidden (4C by default;
//     no bias; weights N(0, init_sd^2)) -> C (weights and bias 0, so the untrained NCA is the
//     identity map).
//   step x <- x + sigma * F(z), sigma a Bernoulli(fire_rate) mask per pixel shared across channels
//     (the authors' code; the paper draws it per element); rate 1 (every pixel, every step) for PDE
//     data, when no random draw is made at all.
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace press {

class Config;

struct NcaSpec {
  int channels = 8;   // C
  int observed = 2;   // the observed fields among them (u, v)
  std::vector<std::string> kernels{"identity", "laplacian"};
  int hidden = 0;     // 0: 4 C
  double fire_rate = 1.0;
  double init_sd = 0.1;
  int hidden_units() const { return hidden > 0 ? hidden : 4 * channels; }
  // nca.channels, nca.kernels, nca.hidden, nca.fire_rate, nca.init_sd (observed: 2, u and v).
  static NcaSpec from_config(const Config& cfg);
};

// The fixed 3x3 kernel `name`, row-major; press::Error for an unknown name.
std::vector<double> perception_kernel(const std::string& name);
// Whether every kernel of `names` is invariant under 90-degree rotations (identity, average,
// laplacian), so that the NCA commutes with rot90.
bool isotropic(const std::vector<std::string>& names);

class NcaImpl : public torch::nn::Module {
 public:
  NcaImpl(const NcaSpec& spec, std::uint64_t seed);
  torch::Tensor perceive(const torch::Tensor& x);  // [B, C, H, W] -> [B, K C, H, W]
  torch::Tensor update(const torch::Tensor& x);    // F(perceive(x))
  // One step; `gen` draws the fire mask when fire_rate < 1.
  torch::Tensor step(const torch::Tensor& x, torch::Generator* gen = nullptr);
  const NcaSpec& spec() const { return spec_; }
  // The kernels' and weights' strides to NHWC (their values unchanged), so that LibTorch's CPU
  // convolutions (mkldnn) run in channels_last: 1.2x the training step's throughput
  // (docs/benchmarks.md "NCA training"). The constructor does it; a module whose parameters were
  // re-pointed by Module::load must do it again.
  void channels_last();

 private:
  NcaSpec spec_;
  torch::Tensor kernels_;  // buffer [K C, 1, 3, 3]
  torch::nn::Conv2d w1_{nullptr}, w2_{nullptr};
};
TORCH_MODULE(Nca);

}  // namespace press
