#include "press/learn/physics.hpp"

namespace press {

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
  const auto th = theta.to(u.scalar_type()).unsqueeze(-1).unsqueeze(-1);  // [B, 4, 1, 1]
  // Murray form f = p - d u + ...; the printed Eq. 3 swaps the roles of a and b (kinetics.hpp).
  const bool murray = o.form == KineticsForm::murray;
  const auto p = th.select(1, murray ? 0 : 1), d = th.select(1, murray ? 1 : 0);
  const auto c = th.select(1, 2), delta = th.select(1, 3);
  const auto u2 = u * u;
  const auto f = p - d * u + u2 / (torch::clamp_min(v, o.v_floor) * (1 + c * u2));
  const auto ru = o.s * laplacian(u, o.laplacian, o.dx) + f;
  const auto rv = o.s * delta * laplacian(v, o.laplacian, o.dx) + u2 - v;
  const auto r2 = ru * ru + rv * rv;
  if (o.mask == ResidualMask::all) return r2.mean({-2, -1});
  const auto m = (u > u.mean({-2, -1}, true)).to(r2.scalar_type());
  return (r2 * m).sum({-2, -1}) / m.sum({-2, -1}).clamp_min(1);
}

}  // namespace press
