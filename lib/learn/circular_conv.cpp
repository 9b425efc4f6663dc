#include "press/learn/circular_conv.hpp"

#include <stdexcept>

namespace press {

namespace {

using torch::indexing::Slice;
constexpr auto kLast = torch::MemoryFormat::ChannelsLast;

struct CircularPad : torch::autograd::Function<CircularPad> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, std::int64_t p) {
    ctx->saved_data["p"] = p;
    const auto H = x.size(2), W = x.size(3);
    auto out = torch::empty({x.size(0), x.size(1), H + 2 * p, W + 2 * p}, x.options().memory_format(kLast));
    const auto rows = Slice(p, p + H);
    out.index({Slice(), Slice(), rows, Slice(p, p + W)}).copy_(x);
    out.index({Slice(), Slice(), rows, Slice(0, p)}).copy_(x.index({Slice(), Slice(), Slice(), Slice(W - p, W)}));
    out.index({Slice(), Slice(), rows, Slice(W + p, W + 2 * p)}).copy_(x.index({Slice(), Slice(), Slice(), Slice(0, p)}));
    // Whole rows last, so the corners come with them.
    out.index({Slice(), Slice(), Slice(0, p)}).copy_(out.index({Slice(), Slice(), Slice(H, H + p)}));
    out.index({Slice(), Slice(), Slice(H + p, H + 2 * p)}).copy_(out.index({Slice(), Slice(), Slice(p, 2 * p)}));
    return out;
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::tensor_list g) {
    const std::int64_t p = ctx->saved_data["p"].toInt();
    const auto& go = g[0];
    const auto H = go.size(2) - 2 * p, W = go.size(3) - 2 * p;
    // Fold the padded rows onto the rows they copied, then the padded columns.
    auto gr = go.index({Slice(), Slice(), Slice(p, p + H)}).clone(kLast);
    gr.index({Slice(), Slice(), Slice(H - p, H)}).add_(go.index({Slice(), Slice(), Slice(0, p)}));
    gr.index({Slice(), Slice(), Slice(0, p)}).add_(go.index({Slice(), Slice(), Slice(H + p, H + 2 * p)}));
    auto gx = gr.index({Slice(), Slice(), Slice(), Slice(p, p + W)}).clone(kLast);
    gx.index({Slice(), Slice(), Slice(), Slice(W - p, W)}).add_(gr.index({Slice(), Slice(), Slice(), Slice(0, p)}));
    gx.index({Slice(), Slice(), Slice(), Slice(0, p)}).add_(gr.index({Slice(), Slice(), Slice(), Slice(W + p, W + 2 * p)}));
    return {gx, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor circular_pad(const torch::Tensor& x, std::int64_t p) {
  if (x.dim() != 4 || p < 0 || p > x.size(2) || p > x.size(3))
    throw std::invalid_argument("circular_pad: expected [B, C, H, W] with 0 <= p <= H, W");
  return CircularPad::apply(x, p);
}

CircularConv2dImpl::CircularConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t dilation)
    : pad_((kernel - 1) / 2 * dilation), dilation_(dilation) {
  // torch::nn::Conv2d's initialisation, drawn the same way from the global generator.
  torch::nn::Conv2d init(torch::nn::Conv2dOptions(in, out, kernel).dilation(dilation));
  weight_ = register_parameter("weight", init->weight);
  bias_ = register_parameter("bias", init->bias);
}

torch::Tensor CircularConv2dImpl::forward(const torch::Tensor& x) {
  const std::int64_t one[] = {1, 1}, zero[] = {0, 0}, dil[] = {dilation_, dilation_};
  // Input and weight in channels_last (NHWC): mkldnn's fast path on CPU. The weight's copy is
  // 625 values; making it here means loaded weights in any order take the same kernels.
  return torch::conv2d(circular_pad(x, pad_), weight_.contiguous(kLast), bias_, one, zero, dil);
}

}  // namespace press
