#include "press/dynamics/binn.hpp"

#include "press/core/config.hpp"

namespace press {

BinnSpec BinnSpec::from_config(const Config& cfg) {
  BinnSpec s;
  s.d_max = cfg.get<double>("binn.d_max");
  s.g_max = cfg.get<double>("binn.g_max");
  return s;
}

namespace {

torch::nn::Sequential mlp(int in, int width, int depth) {
  torch::nn::Sequential s;
  int prev = in;
  for (int k = 0; k < depth; ++k) {
    s->push_back(torch::nn::Linear(prev, width));
    s->push_back(torch::nn::SiLU());
    prev = width;
  }
  s->push_back(torch::nn::Linear(prev, 1));
  return s;
}

// Xavier-normal weights and zero biases, drawn from `gen` in parameter order (the BINN code's
// initialisation), so a seed fixes the network.
void init(torch::nn::Module& m, torch::Generator& gen) {
  torch::NoGradGuard no_grad;
  for (auto& p : m.named_parameters()) {
    if (p.key().find("bias") != std::string::npos) {
      p.value().zero_();
    } else {
      const double fan_in = static_cast<double>(p.value().size(1)), fan_out = static_cast<double>(p.value().size(0));
      p.value().normal_(0.0, std::sqrt(2.0 / (fan_in + fan_out)), gen);
    }
  }
}

torch::Tensor grad_of(const torch::Tensor& y, const torch::Tensor& x) {
  return torch::autograd::grad({y}, {x}, {torch::ones_like(y)}, /*retain_graph=*/true, /*create_graph=*/true)[0];
}

}  // namespace

BinnImpl::BinnImpl(const BinnSpec& spec, std::uint64_t seed) : spec_(spec) {
  surrogate_ = register_module("surrogate", mlp(3, spec.width, spec.depth));
  diffusion_ = register_module("diffusion", mlp(1, spec.law_width, spec.law_depth));
  growth_ = register_module("growth", mlp(1, spec.law_width, spec.law_depth));
  to(torch::kFloat64);
  auto gen = at::detail::createCPUGenerator(seed);
  init(*this, gen);
}

torch::Tensor BinnImpl::u(const torch::Tensor& xyt) { return torch::softplus(surrogate_->forward(xyt)); }
torch::Tensor BinnImpl::dhat(const torch::Tensor& u) { return torch::softplus(diffusion_->forward(u)); }
torch::Tensor BinnImpl::ghat(const torch::Tensor& u) { return growth_->forward(u); }

BinnImpl::Residual BinnImpl::residual(torch::Tensor xyt) {
  xyt = xyt.detach().requires_grad_(true);
  Residual r;
  r.u = u(xyt);
  const auto du = grad_of(r.u, xyt);  // [N, 3]: u_x, u_y, u_t
  const auto ux = du.slice(1, 0, 1), uy = du.slice(1, 1, 2), ut = du.slice(1, 2, 3);
  r.dhat = dhat(r.u);
  r.ghat = ghat(r.u);
  const auto D = spec_.d_max * r.dhat;
  const auto div = grad_of(D * ux, xyt).slice(1, 0, 1) + grad_of(D * uy, xyt).slice(1, 1, 2);
  r.r = ut - div - spec_.g_max * r.ghat * r.u;
  // The laws' slopes in u, at these points' u (u as the laws' own input).
  const auto ul = r.u.detach().requires_grad_(true);
  r.dhat_du = grad_of(dhat(ul), ul);
  r.ghat_du = grad_of(ghat(ul), ul);
  return r;
}

torch::Tensor binn_penalty(const BinnSpec& spec, const BinnImpl::Residual& r) {
  auto sq = [](const torch::Tensor& x) { return torch::relu(x).pow(2).mean(); };
  const auto d = sq(-r.dhat) + sq(r.dhat - 1) + sq(-r.dhat_du);
  const auto g = sq(-0.2 - r.ghat) + sq(r.ghat - 1) + sq(r.ghat_du);
  return 1e3 / spec.d_max * d + 1e3 / spec.g_max * g;
}

}  // namespace press
