#include "press/learn/direct_conv.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <ATen/Parallel.h>

namespace press {

namespace {

#define PRESS_AVX512 __attribute__((target("avx512f")))

constexpr int kMaxOut = 8;  // output channels held in registers (5 in the paper's CNNs)

// The lanes of a row's 16-float block that lie inside the row, rem values from its end.
__mmask16 tail_mask(std::int64_t rem) { return rem >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << rem) - 1); }

struct FwdShape {
  std::int64_t C, K, d, H, W, Hp, Wp;
};

// One output row's block of B 16-float vectors, all O output channels at once: each input vector
// is loaded once per tap and multiplied by O broadcast weights, the O x B sums held in registers.
// Summation order per output: bias, then c, i, j ascending. x points at the block's first input
// (channel 0, row y, column x0), out at its first output (channel 0).
template <int O, int K, int B>
PRESS_AVX512 void fwd_block(const float* __restrict x, const float* __restrict w, const float* __restrict bias,
                            float* __restrict out, std::int64_t C, std::int64_t in_plane, std::int64_t Wp,
                            std::int64_t d, std::int64_t out_plane, __mmask16 tail) {
  __m512 acc[O][B];
#pragma GCC unroll 8
  for (int o = 0; o < O; ++o)
#pragma GCC unroll 4
    for (int b = 0; b < B; ++b) acc[o][b] = _mm512_set1_ps(bias[o]);
  const std::int64_t wo = C * K * K;  // stride between output channels' weights
  for (std::int64_t c = 0; c < C; ++c, x += in_plane, w += K * K) {
#pragma GCC unroll 7
    for (int i = 0; i < K; ++i) {
      const float* row = x + i * d * Wp;
#pragma GCC unroll 7
      for (int j = 0; j < K; ++j) {
        __m512 v[B];
#pragma GCC unroll 4
        for (int b = 0; b < B; ++b)
          v[b] = b == B - 1 ? _mm512_maskz_loadu_ps(tail, row + j * d + 16 * b) : _mm512_loadu_ps(row + j * d + 16 * b);
#pragma GCC unroll 8
        for (int o = 0; o < O; ++o) {
          const __m512 wv = _mm512_set1_ps(w[o * wo + i * K + j]);
#pragma GCC unroll 4
          for (int b = 0; b < B; ++b) acc[o][b] = _mm512_fmadd_ps(wv, v[b], acc[o][b]);
        }
      }
    }
  }
#pragma GCC unroll 8
  for (int o = 0; o < O; ++o)
#pragma GCC unroll 4
    for (int b = 0; b < B; ++b) {
      float* dst = out + o * out_plane + 16 * b;
      if (b == B - 1)
        _mm512_mask_storeu_ps(dst, tail, acc[o][b]);
      else
        _mm512_storeu_ps(dst, acc[o][b]);
    }
}

template <int O, int K>
void fwd_sample(const float* xn, const float* w, const float* bias, float* on, const FwdShape& s) {
  for (std::int64_t y = 0; y < s.H; ++y)
    for (std::int64_t x0 = 0; x0 < s.W; x0 += 64) {
      const std::int64_t rem = s.W - x0, blocks = std::min<std::int64_t>(4, (rem + 15) / 16);
      const __mmask16 tail = tail_mask(rem - 16 * (blocks - 1));
      const float* x = xn + y * s.Wp + x0;
      float* out = on + y * s.W + x0;
      const std::int64_t ip = s.Hp * s.Wp, op = s.H * s.W;
      switch (blocks) {
        case 1: fwd_block<O, K, 1>(x, w, bias, out, s.C, ip, s.Wp, s.d, op, tail); break;
        case 2: fwd_block<O, K, 2>(x, w, bias, out, s.C, ip, s.Wp, s.d, op, tail); break;
        case 3: fwd_block<O, K, 3>(x, w, bias, out, s.C, ip, s.Wp, s.d, op, tail); break;
        default: fwd_block<O, K, 4>(x, w, bias, out, s.C, ip, s.Wp, s.d, op, tail); break;
      }
    }
}

template <int O>
void fwd_dispatch_k(const float* xn, const float* w, const float* bias, float* on, const FwdShape& s) {
  switch (s.K) {
    case 1: fwd_sample<O, 1>(xn, w, bias, on, s); break;
    case 3: fwd_sample<O, 3>(xn, w, bias, on, s); break;
    case 5: fwd_sample<O, 5>(xn, w, bias, on, s); break;
    default: fwd_sample<O, 7>(xn, w, bias, on, s); break;
  }
}

// One sample's, one input channel's, one kernel row's (i) contribution to the weight's gradient
// for the kernel columns J0 .. J0 + JN - 1: acc[o][j] = sum_y,x go[o, y, x] xp[c, y + i d, x + j d],
// O x JN sums in registers, added to out[o K + j] (double) after the sample.
template <int O, int K, int J0, int JN>
PRESS_AVX512 void wgrad_cols(const float* __restrict gon, const float* __restrict xc, std::int64_t i, const FwdShape& s,
                             double* out) {
  const std::int64_t H = s.H, W = s.W, Wp = s.Wp, d = s.d, plane = H * W;
  __m512 acc[O][JN];
#pragma GCC unroll 8
  for (int o = 0; o < O; ++o)
#pragma GCC unroll 7
    for (int j = 0; j < JN; ++j) acc[o][j] = _mm512_setzero_ps();
  for (std::int64_t y = 0; y < H; ++y) {
    const float* xr = xc + (y + i * d) * Wp + J0 * d;
    const float* gr = gon + y * W;
    for (std::int64_t x0 = 0; x0 < W; x0 += 16) {
      const __mmask16 m = tail_mask(W - x0);
      __m512 g[O];
#pragma GCC unroll 8
      for (int o = 0; o < O; ++o) g[o] = _mm512_maskz_loadu_ps(m, gr + o * plane + x0);
#pragma GCC unroll 7
      for (int j = 0; j < JN; ++j) {
        const __m512 v = _mm512_maskz_loadu_ps(m, xr + x0 + j * d);
#pragma GCC unroll 8
        for (int o = 0; o < O; ++o) acc[o][j] = _mm512_fmadd_ps(g[o], v, acc[o][j]);
      }
    }
  }
  alignas(64) float lanes[16];
  for (int o = 0; o < O; ++o)
    for (int j = 0; j < JN; ++j) {
      _mm512_store_ps(lanes, acc[o][j]);
      double sum = 0;
      for (const float l : lanes) sum += l;
      out[o * K + J0 + j] += sum;
    }
}

// All K columns, in chunks of at most 20 / O so that the sums, O loaded gradients and one input
// vector fit AVX-512's 32 registers.
template <int O, int K, int J0 = 0>
void wgrad_row(const float* gon, const float* xc, std::int64_t i, const FwdShape& s, double* out) {
  constexpr int JN = std::min(K - J0, std::max(1, 20 / O));
  wgrad_cols<O, K, J0, JN>(gon, xc, i, s, out);
  if constexpr (J0 + JN < K) wgrad_row<O, K, J0 + JN>(gon, xc, i, s, out);
}

template <int O>
void wgrad_dispatch_k(const float* gon, const float* xc, std::int64_t i, const FwdShape& s, double* out) {
  switch (s.K) {
    case 1: wgrad_row<O, 1>(gon, xc, i, s, out); break;
    case 3: wgrad_row<O, 3>(gon, xc, i, s, out); break;
    case 5: wgrad_row<O, 5>(gon, xc, i, s, out); break;
    default: wgrad_row<O, 7>(gon, xc, i, s, out); break;
  }
}

// Calls f(std::integral_constant<int, O>) for the runtime O in 1..kMaxOut.
template <class F>
void with_out_channels(std::int64_t o, F&& f) {
  switch (o) {
    case 1: f(std::integral_constant<int, 1>{}); break;
    case 2: f(std::integral_constant<int, 2>{}); break;
    case 3: f(std::integral_constant<int, 3>{}); break;
    case 4: f(std::integral_constant<int, 4>{}); break;
    case 5: f(std::integral_constant<int, 5>{}); break;
    case 6: f(std::integral_constant<int, 6>{}); break;
    case 7: f(std::integral_constant<int, 7>{}); break;
    default: f(std::integral_constant<int, 8>{}); break;
  }
}

// The loops take xp [N, C, Hp, Wp] (CPU float32) into O outputs with a K x K kernel (odd, <= 7)
// at dilation d, when the kernel's reach fits inside it (check_reach).
bool loops_take(const torch::Tensor& xp, std::int64_t O, std::int64_t K, std::int64_t d, bool check_reach) {
  return direct_conv_available() && xp.device().is_cpu() && xp.scalar_type() == torch::kFloat32 && xp.dim() == 4 &&
         O >= 1 && O <= kMaxOut && K % 2 == 1 && K <= 7 && d >= 1 &&
         (!check_reach || (xp.size(2) > (K - 1) * d && xp.size(3) > (K - 1) * d));
}

FwdShape shape_of(const torch::Tensor& xp, std::int64_t K, std::int64_t d) {
  FwdShape s{xp.size(1), K, d, 0, 0, xp.size(2), xp.size(3)};
  s.H = s.Hp - (K - 1) * d;
  s.W = s.Wp - (K - 1) * d;
  return s;
}

}  // namespace

bool direct_conv_available() {
  static const bool yes = [] {
    const char* cap = std::getenv("ATEN_CPU_CAPABILITY");
    return __builtin_cpu_supports("avx512f") && (cap == nullptr || std::strcmp(cap, "avx512") == 0);
  }();
  return yes;
}

bool direct_conv_applies(const torch::Tensor& xp, const torch::Tensor& w, std::int64_t dilation) {
  return w.dim() == 4 && w.scalar_type() == torch::kFloat32 && w.size(2) == w.size(3) &&
         loops_take(xp, w.size(0), w.size(2), dilation, false) && w.size(1) == xp.size(1);
}

torch::Tensor direct_conv2d(const torch::Tensor& xp_in, const torch::Tensor& w_in, const torch::Tensor& bias_in,
                            std::int64_t dilation) {
  TORCH_CHECK(direct_conv_applies(xp_in, w_in, dilation) && loops_take(xp_in, w_in.size(0), w_in.size(2), dilation, true),
              "direct_conv2d: tensors its loops do not take");
  const auto xp = xp_in.contiguous(), w = w_in.contiguous();
  const auto O = w.size(0), N = xp.size(0);
  const auto bias = bias_in.defined() ? bias_in.contiguous() : torch::zeros({O}, w.options());
  const FwdShape s = shape_of(xp, w.size(2), dilation);
  auto out = torch::empty({N, O, s.H, s.W}, xp.options().memory_format(torch::MemoryFormat::Contiguous));
  const float *x = xp.data_ptr<float>(), *wp = w.data_ptr<float>(), *bp = bias.data_ptr<float>();
  float* op = out.data_ptr<float>();
  with_out_channels(O, [&](auto oc) {
    constexpr int kO = decltype(oc)::value;
    at::parallel_for(0, N, 1, [&](std::int64_t b, std::int64_t e) {
      for (std::int64_t n = b; n < e; ++n) fwd_dispatch_k<kO>(x + n * s.C * s.Hp * s.Wp, wp, bp, op + n * kO * s.H * s.W, s);
    });
  });
  return out;
}

torch::Tensor direct_conv2d_weight_grad(const torch::Tensor& go_in, const torch::Tensor& xp_in, std::int64_t kernel,
                                        std::int64_t dilation) {
  TORCH_CHECK(go_in.dim() == 4 && go_in.scalar_type() == torch::kFloat32 && go_in.device().is_cpu() &&
                  loops_take(xp_in, go_in.size(1), kernel, dilation, true) && go_in.size(0) == xp_in.size(0),
              "direct_conv2d_weight_grad: tensors its loops do not take");
  const auto go = go_in.contiguous(), xp = xp_in.contiguous();
  const auto O = go.size(1), N = xp.size(0);
  const FwdShape s = shape_of(xp, kernel, dilation);
  TORCH_CHECK(go.size(2) == s.H && go.size(3) == s.W, "direct_conv2d_weight_grad: go and xp do not match");
  // acc[(c K + i) O K + o K + j]: each (c, i) task owns its O K sums and adds the samples in order,
  // so the result does not depend on how tasks fall to threads.
  std::vector<double> acc(static_cast<std::size_t>(s.C * s.K * O * s.K), 0.0);
  const float *g = go.data_ptr<float>(), *x = xp.data_ptr<float>();
  with_out_channels(O, [&](auto oc) {
    constexpr int kO = decltype(oc)::value;
    for (std::int64_t n = 0; n < N; ++n)
      at::parallel_for(0, s.C * s.K, 1, [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t t = b; t < e; ++t) {
          const std::int64_t c = t / s.K, i = t % s.K;
          wgrad_dispatch_k<kO>(g + n * kO * s.H * s.W, x + (n * s.C + c) * s.Hp * s.Wp, i, s, acc.data() + t * kO * s.K);
        }
      });
  });
  auto gw = torch::empty({O, s.C, s.K, s.K}, xp.options());
  auto a = gw.accessor<float, 4>();
  for (std::int64_t o = 0; o < O; ++o)
    for (std::int64_t c = 0; c < s.C; ++c)
      for (std::int64_t i = 0; i < s.K; ++i)
        for (std::int64_t j = 0; j < s.K; ++j) a[o][c][i][j] = static_cast<float>(acc[((c * s.K + i) * O + o) * s.K + j]);
  return gw;
}

}  // namespace press
