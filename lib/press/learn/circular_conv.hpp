// A 2-D convolution with circular (periodic) padding whose padding is one copy forward and one
// fold backward. LibTorch's padding_mode circular pads with a chain of narrow/copy ops whose
// backward zero-fills and adds a full-size gradient per piece: a third of a dilated CNN's step
// (bench/bench_train.py). Same parameters, names and initialisation as torch::nn::Conv2d, so
// model files load either way.
#pragma once

#include <torch/torch.h>

namespace press {

// x [B, C, H, W] -> [B, C, H + 2p, W + 2p], periodic in H and W (p <= H, W), channels_last.
torch::Tensor circular_pad(const torch::Tensor& x, std::int64_t p);

class CircularConv2dImpl : public torch::nn::Module {
 public:
  CircularConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t dilation);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  std::int64_t pad_, dilation_;
  torch::Tensor weight_, bias_;
};
TORCH_MODULE(CircularConv2d);

}  // namespace press
