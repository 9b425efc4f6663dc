// Direct 2-D convolution for few channels: valid (the input comes padded), stride 1, dilated,
// float32, planar (NCHW), on the CPU with AVX-512F. oneDNN runs the CNNs' 5-channel 5x5
// convolutions at about a quarter of a core's peak; these loops, each output row a block of
// 16-float vectors times broadcast weights, run them 3-4x faster (docs/benchmarks.md).
// Each output element is summed in one fixed order whatever the thread count, so results are
// bit-identical run to run; they differ in the last bits from oneDNN's.
#pragma once

#include <torch/torch.h>

namespace press {

// AVX-512F on this CPU, and ATen's CPU capability not pinned below it (ATEN_CPU_CAPABILITY unset
// or avx512: `reproducible: strict` pins it to default, and then oneDNN's pinned kernels run).
bool direct_conv_available();

// direct_conv_available(), and these tensors are ones the loops take: CPU float32, 4-D, at most
// 8 output channels, an odd square kernel of at most 7. (x may be the input before padding.)
bool direct_conv_applies(const torch::Tensor& xp, const torch::Tensor& w, std::int64_t dilation);

// xp [N, C, H + (K-1)d, W + (K-1)d], w [O, C, K, K], bias [O] (or undefined) -> [N, O, H, W],
// out[n, o, y, x] = bias[o] + sum_c,i,j w[o, c, i, j] xp[n, c, y + i d, x + j d].
torch::Tensor direct_conv2d(const torch::Tensor& xp, const torch::Tensor& w, const torch::Tensor& bias,
                            std::int64_t dilation);

// The weight's gradient of direct_conv2d: go [N, O, H, W] (the output's gradient), xp as above,
// -> [O, C, K, K]; summed over the batch in double.
torch::Tensor direct_conv2d_weight_grad(const torch::Tensor& go, const torch::Tensor& xp, std::int64_t kernel,
                                        std::int64_t dilation);

}  // namespace press
