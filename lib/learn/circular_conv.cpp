#include "press/learn/circular_conv.hpp"

#include <stdexcept>

#include "press/learn/direct_conv.hpp"

namespace press {

namespace {

using torch::indexing::Slice;
constexpr auto kLast = torch::MemoryFormat::ChannelsLast;

torch::Tensor pad_copy(const torch::Tensor& x, std::int64_t p, torch::MemoryFormat format) {
  const auto H = x.size(2), W = x.size(3);
  auto out = torch::empty({x.size(0), x.size(1), H + 2 * p, W + 2 * p}, x.options().memory_format(format));
  const auto rows = Slice(p, p + H);
  out.index({Slice(), Slice(), rows, Slice(p, p + W)}).copy_(x);
  out.index({Slice(), Slice(), rows, Slice(0, p)}).copy_(x.index({Slice(), Slice(), Slice(), Slice(W - p, W)}));
  out.index({Slice(), Slice(), rows, Slice(W + p, W + 2 * p)}).copy_(x.index({Slice(), Slice(), Slice(), Slice(0, p)}));
  // Whole rows last, so the corners come with them.
  out.index({Slice(), Slice(), Slice(0, p)}).copy_(out.index({Slice(), Slice(), Slice(H, H + p)}));
  out.index({Slice(), Slice(), Slice(H + p, H + 2 * p)}).copy_(out.index({Slice(), Slice(), Slice(p, 2 * p)}));
  return out;
}

// y = conv(pad(x), w) + b with circular padding p = (k - 1) / 2 * d (odd k: the same size).
// Backward, the input's gradient is itself a circular convolution, of the output's gradient with
// the kernel flipped and its channels swapped (dy/dx[c, m] = sum_o,t w[o, c, t] g[o, m - d(t - r)]),
// so it runs as a forward convolution: no fold of the padded gradient, and no backward-data
// kernel (oneDNN's is 5x its forward at dilation 8, 5 channels, 128^2). Where the direct loops
// apply (press/learn/direct_conv.hpp) every convolution runs on them, planar; elsewhere oneDNN's
// (cuDNN's on a GPU) in channels_last, its fast path.
struct CircularConvFn : torch::autograd::Function<CircularConvFn> {
  static torch::Tensor conv(bool direct, const torch::Tensor& xp, const torch::Tensor& w, const torch::Tensor& bias,
                            std::int64_t d) {
    const std::int64_t one[] = {1, 1}, zero[] = {0, 0}, dil[] = {d, d};
    return direct ? direct_conv2d(xp, w, bias, d) : torch::conv2d(xp, w, bias, one, zero, dil);
  }

  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                               const torch::Tensor& bias, std::int64_t dilation) {
    const bool direct = direct_conv_applies(x, weight, dilation);
    const auto format = direct ? torch::MemoryFormat::Contiguous : kLast;
    // The weight's copy is 625 values; making it here means loaded weights in any order take
    // the same kernels.
    const auto xp = pad_copy(x, (weight.size(2) - 1) / 2 * dilation, format), w = weight.contiguous(format);
    ctx->save_for_backward({xp, w});
    ctx->saved_data["dilation"] = dilation;
    ctx->saved_data["direct"] = direct;
    return conv(direct, xp, w, bias, dilation);
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::tensor_list g) {
    const auto saved = ctx->get_saved_variables();
    const auto &xp = saved[0], &w = saved[1];
    const bool direct = ctx->saved_data["direct"].toBool();
    const auto format = direct ? torch::MemoryFormat::Contiguous : kLast;
    const std::int64_t d = ctx->saved_data["dilation"].toInt(), k = w.size(2), p = (k - 1) / 2 * d;
    const auto go = g[0].contiguous(format);
    torch::Tensor gx, gw, gb;
    if (ctx->needs_input_grad(0)) {
      const auto wt = w.flip({2, 3}).transpose(0, 1).contiguous(format);
      gx = conv(direct && direct_conv_applies(go, wt, d), pad_copy(go, p, format), wt, {}, d);
    }
    if (direct) {
      if (ctx->needs_input_grad(1)) gw = direct_conv2d_weight_grad(go, xp, k, d);
      if (ctx->needs_input_grad(2)) gb = go.sum({0, 2, 3});
    } else {
      const std::int64_t one[] = {1, 1}, zero[] = {0, 0}, dil[] = {d, d}, bias_size[] = {w.size(0)};
      std::tie(std::ignore, gw, gb) = at::convolution_backward(
          go, xp, w, bias_size, one, zero, dil, false, zero, 1, {false, ctx->needs_input_grad(1), ctx->needs_input_grad(2)});
    }
    return {gx, gw, gb, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor circular_pad(const torch::Tensor& x, std::int64_t p) {
  if (x.dim() != 4 || p < 0 || p > x.size(2) || p > x.size(3))
    throw std::invalid_argument("circular_pad: expected [B, C, H, W] with 0 <= p <= H, W");
  if (torch::GradMode::is_enabled() && x.requires_grad())
    throw std::invalid_argument("circular_pad: no gradient flows through the padding (use CircularConv2d)");
  return pad_copy(x, p, kLast);
}

CircularConv2dImpl::CircularConv2dImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t dilation)
    : dilation_(dilation) {
  if (kernel % 2 == 0) throw std::invalid_argument("CircularConv2d: expected an odd kernel (a same-size convolution)");
  // torch::nn::Conv2d's initialisation, drawn the same way from the global generator.
  torch::nn::Conv2d init(torch::nn::Conv2dOptions(in, out, kernel).dilation(dilation));
  weight_ = register_parameter("weight", init->weight);
  bias_ = register_parameter("bias", init->bias);
}

torch::Tensor CircularConv2dImpl::forward(const torch::Tensor& x) {
  if (x.dim() != 4 || dilation_ * (weight_.size(2) - 1) / 2 > std::min(x.size(2), x.size(3)))
    throw std::invalid_argument("CircularConv2d: expected [B, C, H, W] with H, W at least the padding");
  return CircularConvFn::apply(x, weight_, bias_, dilation_);
}

}  // namespace press
