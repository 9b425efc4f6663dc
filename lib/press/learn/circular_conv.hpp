// A 2-D convolution with circular (periodic) padding: the padding is one copy forward, and the
// input's gradient is a circular convolution of the output's gradient, no fold. LibTorch's
// padding_mode circular pads with a chain of narrow/copy ops whose backward zero-fills and adds a
// full-size gradient per piece (a third of a dilated CNN's step), and mkldnn's backward-data kernel
// is 5x its forward at dilation 8 (docs/benchmarks.md). Same parameters, names and initialisation
// as torch::nn::Conv2d, so model files load either way.
#pragma once

#include <torch/torch.h>

namespace press {

// x [B, C, H, W] -> [B, C, H + 2p, W + 2p], periodic in H and W (p <= H, W), channels_last. No
// gradient flows through it: refused for an x that needs one (CircularConv2d differentiates).
torch::Tensor circular_pad(const torch::Tensor& x, std::int64_t p);

class CircularConv2dImpl : public torch::nn::Module {
 public:
  // kernel odd (a same-size convolution).
  CircularConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t dilation);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  std::int64_t dilation_;
  torch::Tensor weight_, bias_;
};
TORCH_MODULE(CircularConv2d);

}  // namespace press
