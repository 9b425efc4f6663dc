#include "press/learn/physics.hpp"

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

torch::Tensor residual_per_sample(const torch::Tensor& u, const torch::Tensor& v, const torch::Tensor& theta,
                                  const PhysicsOptions& o) {
  const auto th = theta.to(u.scalar_type()).unsqueeze(-1).unsqueeze(-1);  // [B, P, 1, 1]
  const KineticsId kin = o.kinetics;
  // The reaction coefficients as tensors [B, 1, 1] (kinetics.hpp coefficients(), on columns).
  const auto rho = th.select(1, kinetics_info(kin).ratio_param);
  const double du = diffusion_u(kin, o.s);
  const auto r2 = with_kinetics(kin, [&](auto sys) {
    using K = decltype(sys);
    torch::Tensor k[kMaxParams];
    for (std::size_t j = 0; j < K::coef.size(); ++j) k[j] = th.select(1, K::coef[j]);
    const auto ru = du * laplacian(u, o.laplacian, o.dx) + K::f(u, v, k, o.v_floor);
    const auto rv = K::residual_v(du * rho * laplacian(v, o.laplacian, o.dx), u, v, k, o.v_floor);
    return ru * ru + rv * rv;
  });
  if (o.mask == ResidualMask::all) return r2.mean({-2, -1});
  const auto m = (u > u.mean({-2, -1}, true)).to(r2.scalar_type());
  return (r2 * m).sum({-2, -1}) / m.sum({-2, -1}).clamp_min(1);
}

}  // namespace press
