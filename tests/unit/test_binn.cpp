// The BINN (issue 24, BINN.md): its residual u_t - div(D(u) grad u) - G(u) u, by autograd with a
// second backward pass, against central differences of the same networks; and the determinism of
// its initialisation.
#include <cmath>

#include "press/dynamics/binn.hpp"

#undef CHECK  // glog's, from LibTorch
#include <catch2/catch.hpp>

using namespace press;

TEST_CASE("the BINN residual by autograd equals central differences of the same networks") {
  BinnSpec spec;
  Binn net(spec, 3);
  // Points inside the box, away from the edges.
  const auto p = torch::tensor({{0.3, 0.6, 0.5}, {0.5, 0.5, 1.0}, {0.8, 0.2, 1.7}}, torch::kFloat64);
  const auto res = net->residual(p);
  torch::NoGradGuard no_grad;
  auto U = [&](torch::Tensor q) { return net->u(q); };
  auto shift = [&](const torch::Tensor& q, int axis, double h) {
    auto r = q.clone();
    r.select(1, axis) += h;
    return r;
  };
  const double h = 1e-5, H = 1e-3;
  auto du = [&](const torch::Tensor& q, int axis) { return (U(shift(q, axis, h)) - U(shift(q, axis, -h))) / (2 * h); };
  auto flux = [&](const torch::Tensor& q, int axis) { return spec.d_max * net->dhat(U(q)) * du(q, axis); };
  const auto div = (flux(shift(p, 0, H), 0) - flux(shift(p, 0, -H), 0)) / (2 * H) +
                   (flux(shift(p, 1, H), 1) - flux(shift(p, 1, -H), 1)) / (2 * H);
  const auto u0 = U(p);
  const auto r_fd = du(p, 2) - div - spec.g_max * net->ghat(u0) * u0;
  for (int i = 0; i < 3; ++i) {
    const double a = res.r[i][0].item<double>(), b = r_fd[i][0].item<double>();
    INFO("point " << i << ": autograd " << a << ", differences " << b);
    CHECK(a == Approx(b).epsilon(1e-5).margin(1e-9));
    CHECK(res.u[i][0].item<double>() == u0[i][0].item<double>());
  }
  // The laws' slopes: autograd against differences in u.
  const auto uu = res.u.detach();
  const auto dd = (net->dhat(uu + h) - net->dhat(uu - h)) / (2 * h);
  CHECK(res.dhat_du[1][0].item<double>() == Approx(dd[1][0].item<double>()).epsilon(1e-7));
  CHECK(torch::equal(Binn(spec, 3)->u(p), net->u(p)));      // a seed fixes the network
  CHECK_FALSE(torch::equal(Binn(spec, 4)->u(p), net->u(p)));
}
