#include "press/learn/physics.hpp"

#include <algorithm>

namespace press {

// The clamp of kinetics.hpp on tensors (declared before the kinetics templates are instantiated).
template <>
torch::Tensor floor_at<torch::Tensor, double>(const torch::Tensor& v, const double& floor) {
  return torch::clamp_min(v, floor);
}

torch::Tensor laplacian(const torch::Tensor& x, LaplacianKind kind, double dx) {
  if (kind == LaplacianKind::fd) {
    return (torch::roll(x, {1}, {-1}) + torch::roll(x, {-1}, {-1}) + torch::roll(x, {1}, {-2}) +
            torch::roll(x, {-1}, {-2}) - 4 * x) /
           (dx * dx);
  }
  const int n = static_cast<int>(x.size(-1));
  const auto k2v = spectral_k2(n, dx);  // the solver's wavenumbers, [n, n/2+1]
  const auto k2 = torch::from_blob(const_cast<double*>(k2v.data()), {n, n / 2 + 1}, torch::kFloat64)
                      .to(x.device(), x.scalar_type());
  return torch::fft::irfft2(-k2 * torch::fft::rfft2(x), c10::IntArrayRef{n, n});
}

PatternFields PatternFields::of(const torch::Tensor& u, const torch::Tensor& v, const PhysicsOptions& o,
                                std::int64_t chunk) {
  PatternFields f{u, v, torch::empty_like(u), torch::empty_like(v)};
  torch::NoGradGuard no_grad;
  for (std::int64_t i = 0; i < u.size(0); i += chunk) {
    const auto j = std::min(u.size(0), i + chunk);
    f.lap_u.slice(0, i, j).copy_(laplacian(u.slice(0, i, j), o.laplacian, o.dx));
    f.lap_v.slice(0, i, j).copy_(laplacian(v.slice(0, i, j), o.laplacian, o.dx));
  }
  return f;
}

PatternFields PatternFields::rows(const torch::Tensor& idx, const torch::Device& device) const {
  return {u.index_select(0, idx).to(device), v.index_select(0, idx).to(device), lap_u.index_select(0, idx).to(device),
          lap_v.index_select(0, idx).to(device)};
}

torch::Tensor residual_per_sample(const PatternFields& f, const torch::Tensor& theta, const PhysicsOptions& o) {
  const auto& u = f.u;
  const auto& v = f.v;
  const auto th = theta.to(u.scalar_type()).unsqueeze(-1).unsqueeze(-1);  // [B, P, 1, 1]
  const KineticsId kin = o.kinetics;
  // The reaction coefficients as tensors [B, 1, 1] (kinetics.hpp coefficients(), on columns).
  const auto rho = th.select(1, kinetics_info(kin).ratio_param);
  const double du = diffusion_u(kin, o.s);
  const auto r2 = with_kinetics(kin, [&](auto sys) {
    using K = decltype(sys);
    torch::Tensor k[kMaxParams];
    for (std::size_t j = 0; j < K::coef.size(); ++j) k[j] = th.select(1, K::coef[j]);
    const auto ru = du * f.lap_u + K::f(u, v, k, o.v_floor);
    const auto rv = K::residual_v(du * rho * f.lap_v, u, v, k, o.v_floor);
    return ru * ru + rv * rv;
  });
  if (o.mask == ResidualMask::all) return r2.mean({-2, -1});
  const auto m = (u > u.mean({-2, -1}, true)).to(r2.scalar_type());
  return (r2 * m).sum({-2, -1}) / m.sum({-2, -1}).clamp_min(1);
}

torch::Tensor residual_per_sample(const torch::Tensor& u, const torch::Tensor& v, const torch::Tensor& theta,
                                  const PhysicsOptions& o) {
  return residual_per_sample(PatternFields{u, v, laplacian(u, o.laplacian, o.dx), laplacian(v, o.laplacian, o.dx)},
                             theta, o);
}

}  // namespace press
