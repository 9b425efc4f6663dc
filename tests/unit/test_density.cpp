// One-species density-dependent reaction-diffusion (issue 24, BINN.md): the law forms' derivatives
// against central differences, the fine solver against the exact decay of its own discrete modes
// (no-flux and periodic) and the mass its flux form conserves, and the observation noise reaching
// its level. The solver against an independent scipy integration: tests/cli/binn_data.sh.
#include <cmath>

#include <catch2/catch.hpp>

#include "press/core/error.hpp"
#include "press/data/density_noise.hpp"
#include "press/model/density_law.hpp"
#include "press/sim/density_solver.hpp"

using namespace press;

TEST_CASE("every law form: d/du and d/dc against central differences") {
  const std::vector<std::vector<double>> coefs{{0.3}, {0.015, 0.06}, {0.01, 0.044}, {0.003, 0.095, 2.5}, {0.05, 1.7}};
  for (std::size_t k = 0; k < all_law_forms().size(); ++k) {
    const LawForm f = all_law_forms()[k];
    const DensityLaw law = DensityLaw::make(f, coefs[k], "test");
    for (double u : {0.1, 0.5, 0.9}) {
      const double e = 1e-6;
      CHECK(law.du(u) == Approx((law(u + e) - law(u - e)) / (2 * e)).epsilon(1e-8).margin(1e-12));
      std::vector<double> g(law.c.size());
      law.grad(u, g.data());
      for (std::size_t i = 0; i < law.c.size(); ++i) {
        DensityLaw hi = law, lo = law;
        hi.c[i] += e, lo.c[i] -= e;
        CHECK(g[i] == Approx((hi(u) - lo(u)) / (2 * e)).epsilon(1e-8).margin(1e-12));
      }
    }
  }
  CHECK_THROWS_AS(DensityLaw::make(LawForm::linear, {1.0}, "binn.diffusion.linear"), Error);
  CHECK_THROWS_AS(law_form_from_name("cubic", "--diffusion"), Error);
}

namespace {

DensityModel heat(Boundary b, int n, double D) {
  DensityModel m;
  m.eq.diffusion = DensityLaw::make(LawForm::constant, {D}, "D");
  m.eq.growth = DensityLaw::make(LawForm::constant, {0.0}, "G");
  m.n = n;
  m.boundary = b;
  return m;
}

// The amplitude left at t of the discrete mode: the semi-discretisation's exact decay.
double final_amplitude(const DensityModel& m, const std::vector<double>& u0, double t, double base,
                       const std::vector<double>& shape) {
  std::vector<double> last;
  Dopri5Settings s;
  s.rtol = 1e-11, s.atol = 1e-13;
  integrate_density(m, u0, {t}, s, [&](std::size_t, const std::vector<double>& u) { last = u; });
  double num = 0, den = 0;
  for (std::size_t i = 0; i < u0.size(); ++i) num += (last[i] - base) * shape[i], den += shape[i] * shape[i];
  return num / den;
}

}  // namespace

TEST_CASE("the fine solver: a discrete cosine mode decays by exp(D lambda t), no-flux and periodic") {
  for (Boundary b : {Boundary::noflux, Boundary::periodic}) {
    const int n = 33;
    const double D = 0.05, t = b == Boundary::noflux ? 0.4 : 0.1;  // both decay by about e^-2.6
    const DensityModel m = heat(b, n, D);
    const double h = m.h();
    const int kx = 3, ky = 2;
    // No-flux: cos(pi k x / L) is mirror-symmetric at both walls; periodic: cos(2 pi k x / L).
    const double w = b == Boundary::noflux ? M_PI : 2 * M_PI;
    std::vector<double> shape(static_cast<std::size_t>(n * n)), u0(shape.size());
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        shape[static_cast<std::size_t>(i * n + j)] = std::cos(w * kx * m.x(i)) * std::cos(w * ky * m.x(j));
        u0[static_cast<std::size_t>(i * n + j)] = 1 + 0.1 * shape[static_cast<std::size_t>(i * n + j)];
      }
    auto lam = [&](int k) { return -4 * std::pow(std::sin(w * k * h / 2), 2) / (h * h); };
    const double want = 0.1 * std::exp(D * (lam(kx) + lam(ky)) * t);
    INFO(boundary_name(b));
    CHECK(final_amplitude(m, u0, t, 1.0, shape) == Approx(want).epsilon(1e-8));
  }
}

TEST_CASE("the fine solver: no growth conserves the trapezoid-rule mass, nonlinear D included") {
  DensityModel m = heat(Boundary::noflux, 41, 0.0);
  m.eq.diffusion = DensityLaw::make(LawForm::saturating, {0.003, 0.095, 2.5}, "D");
  const auto u0 = cos2_bump(m, 1.0);
  auto mass = [&](const std::vector<double>& u) {
    double s = 0;
    for (int i = 0; i < m.n; ++i)
      for (int j = 0; j < m.n; ++j)
        s += u[static_cast<std::size_t>(i * m.n + j)] * ((i == 0 || i == m.n - 1) ? 0.5 : 1) * ((j == 0 || j == m.n - 1) ? 0.5 : 1);
    return s;
  };
  std::vector<double> masses;
  Dopri5Settings s;
  integrate_density(m, u0, {0, 0.5, 1}, s, [&](std::size_t, const std::vector<double>& u) { masses.push_back(mass(u)); });
  REQUIRE(masses.size() == 3);
  CHECK(masses[1] == Approx(masses[0]).epsilon(1e-12));
  CHECK(masses[2] == Approx(masses[0]).epsilon(1e-12));
  CHECK_THROWS_AS(integrate_density(m, u0, {0.5, 0.2}, s, [](std::size_t, const std::vector<double>&) {}), Error);
}

TEST_CASE("the fine solver's K |grad u|^2 and S terms: Cole-Hopf's exact solution, second order") {
  // u_t = D lap u + K |grad u|^2 with constant D, K: w = exp(K u / D) solves w_t = D lap w. From
  // u0 = A cos(2 pi x) (periodic), w0 = exp(a cos th), a = K A / D, = I0(a) + 2 sum_k Ik(a) cos(k th),
  // each mode decaying by exp(-D (2 pi k)^2 t); the solver must agree to O(h^2).
  const double D = 0.05, K = 0.5, A = 0.05, t = 0.3, a = K * A / D;
  auto exact = [&](double x) {
    double w = std::cyl_bessel_i(0.0, a);
    for (int k = 1; k < 30; ++k)
      w += 2 * std::cyl_bessel_i(static_cast<double>(k), a) * std::exp(-D * std::pow(2 * M_PI * k, 2) * t) *
           std::cos(2 * M_PI * k * x);
    return D / K * std::log(w);
  };
  auto max_error = [&](int n) {
    DensityModel m = heat(Boundary::periodic, n, D);
    m.eq.gradient_sq = DensityLaw::make(LawForm::constant, {K}, "K");
    std::vector<double> u0(static_cast<std::size_t>(n * n));
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) u0[static_cast<std::size_t>(i * n + j)] = A * std::cos(2 * M_PI * m.x(i));
    std::vector<double> last;
    Dopri5Settings s;
    s.rtol = 1e-11, s.atol = 1e-13;
    integrate_density(m, u0, {t}, s, [&](std::size_t, const std::vector<double>& u) { last = u; });
    double err = 0;
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) err = std::max(err, std::abs(last[static_cast<std::size_t>(i * n + j)] - exact(m.x(i))));
    return err;
  };
  const double e16 = max_error(16), e32 = max_error(32);
  INFO("max error " << e16 << " (16), " << e32 << " (32)");
  CHECK(e32 < 3e-3 * A);                       // within 0.3% of the amplitude on 32 points
  CHECK(e16 / e32 == Approx(4).epsilon(0.1));  // and second order
  // A constant source alone: u(t) = u0 + S t.
  DensityModel m = heat(Boundary::noflux, 9, 0.0);
  m.eq.source = DensityLaw::make(LawForm::constant, {0.7}, "S");
  std::vector<double> last;
  integrate_density(m, cos2_bump(m, 1.0), {0.5}, Dopri5Settings{},
                    [&](std::size_t, const std::vector<double>& u) { last = u; });
  const auto u0 = cos2_bump(m, 1.0);
  for (std::size_t i = 0; i < u0.size(); ++i) CHECK(last[i] == Approx(u0[i] + 0.35).margin(1e-12));
}

TEST_CASE("density noise: the mean relative error reaches the level, clipped at 0, keyed") {
  std::vector<double> clean(2000);
  for (std::size_t i = 0; i < clean.size(); ++i) clean[i] = 0.5 + 0.5 * std::sin(0.01 * static_cast<double>(i));
  for (double gamma : {0.0, 1.0}) {
    for (double level : {0.01, 0.1}) {
      std::vector<double> a = clean, b = clean;
      const auto r = add_density_noise(a, level, gamma, 5, 0);
      add_density_noise(b, level, gamma, 5, 0);
      CHECK(a == b);
      double e = 0, count = 0;
      for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i] >= 0);
        if (clean[i] >= 1e-3) e += std::abs(a[i] - clean[i]) / clean[i], ++count;
      }
      CHECK(std::abs(e / count - level) <= 1e-6);
      CHECK(r.achieved == Approx(e / count).epsilon(1e-12));
    }
  }
  std::vector<double> same = clean;
  add_density_noise(same, 0.0, 0.0, 5, 0);
  CHECK(same == clean);
}
