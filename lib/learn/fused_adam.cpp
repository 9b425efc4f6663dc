#include "press/learn/fused_adam.hpp"

#include <cmath>
#include <stdexcept>

#include <ATen/Parallel.h>

namespace press {

FusedAdam::FusedAdam(std::vector<torch::Tensor> params, torch::optim::AdamOptions options)
    : torch::optim::Adam(std::move(params), options) {
  if (options.weight_decay() != 0 || options.amsgrad())
    throw std::invalid_argument("FusedAdam: weight decay and amsgrad are not supported");
}

void FusedAdam::clear_grads() {
  for (auto& group : param_groups())
    for (auto& p : group.params()) p.mutable_grad() = torch::Tensor();
}

torch::Tensor FusedAdam::step(LossClosure closure) {
  // Anything but contiguous float32 on the CPU (a CUDA device, float64) takes LibTorch's step:
  // the same update and the same state, so the two can alternate.
  for (const auto& group : param_groups())
    for (const auto& p : group.params())
      if (p.scalar_type() != torch::kFloat32 || !p.is_contiguous() || !p.device().is_cpu())
        return torch::optim::Adam::step(std::move(closure));
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups()) {
    const auto& o = static_cast<const torch::optim::AdamOptions&>(group.options());
    const double beta1 = std::get<0>(o.betas()), beta2 = std::get<1>(o.betas());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      const auto key = c10::guts::to_string(p.unsafeGetTensorImpl());
      auto it = state_.find(key);
      if (it == state_.end()) {
        auto s = std::make_unique<torch::optim::AdamParamState>();
        s->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
        s->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
        it = state_.emplace(key, std::move(s)).first;
      }
      auto& s = static_cast<torch::optim::AdamParamState&>(*it->second);
      s.step(s.step() + 1);
      const double bc1 = 1 - std::pow(beta1, static_cast<double>(s.step()));
      const double bc2 = 1 - std::pow(beta2, static_cast<double>(s.step()));
      // As Adam::step: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
      // p -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps), in float with float coefficients.
      const float b1 = static_cast<float>(beta1), c1 = static_cast<float>(1 - beta1);
      const float b2 = static_cast<float>(beta2), c2 = static_cast<float>(1 - beta2);
      const float inv_sqrt_bc2 = static_cast<float>(1 / std::sqrt(bc2)), eps = static_cast<float>(o.eps());
      const float step_size = static_cast<float>(o.lr() / bc1);
      const auto g = p.grad().contiguous();
      float* __restrict pp = p.data_ptr<float>();
      float* __restrict m = s.exp_avg().data_ptr<float>();
      float* __restrict v = s.exp_avg_sq().data_ptr<float>();
      const float* __restrict gg = g.data_ptr<float>();
      at::parallel_for(0, p.numel(), 1 << 16, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i) {
          const float mi = b1 * m[i] + c1 * gg[i];
          const float vi = b2 * v[i] + c2 * gg[i] * gg[i];
          m[i] = mi;
          v[i] = vi;
          pp[i] -= step_size * mi / (std::sqrt(vi) * inv_sqrt_bc2 + eps);
        }
      });
    }
  }
  return loss;
}

}  // namespace press
