#include "press/sim/density_solver.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "press/core/error.hpp"

namespace press {

Boundary boundary_from_name(const std::string& name, const std::string& what) {
  if (name == "noflux") return Boundary::noflux;
  if (name == "periodic") return Boundary::periodic;
  fail("{}: value {}: expected noflux or periodic", what, name);
}

const char* boundary_name(Boundary b) { return b == Boundary::noflux ? "noflux" : "periodic"; }

void DensityModel::rhs(const std::vector<double>& u, std::vector<double>& du) const {
  const std::size_t N = static_cast<std::size_t>(n);
  du.resize(N * N);
  std::vector<double> D(N * N);
  for (std::size_t k = 0; k < N * N; ++k) D[k] = eq.diffusion(u[k]);
  const bool grad_sq = !eq.gradient_sq.terms.empty(), source = !eq.source.terms.empty();
  const double inv = 1.0 / (2 * h() * h());
  // The neighbour index across each side: mirrored at a no-flux wall, wrapped when periodic.
  auto nb = [&](std::size_t i, int d) -> std::size_t {
    if (d < 0) return i > 0 ? i - 1 : (boundary == Boundary::noflux ? 1 : N - 1);
    return i + 1 < N ? i + 1 : (boundary == Boundary::noflux ? N - 2 : 0);
  };
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t im = nb(i, -1), ip = nb(i, 1);
    for (std::size_t j = 0; j < N; ++j) {
      const std::size_t jm = nb(j, -1), jp = nb(j, 1), c = i * N + j;
      const double uc = u[c], dc = D[c];
      const double flux = (dc + D[im * N + j]) * (u[im * N + j] - uc) + (dc + D[ip * N + j]) * (u[ip * N + j] - uc) +
                          (dc + D[i * N + jm]) * (u[i * N + jm] - uc) + (dc + D[i * N + jp]) * (u[i * N + jp] - uc);
      du[c] = flux * inv + eq.growth(uc) * uc;
      if (grad_sq) {
        const double gx = u[ip * N + j] - u[im * N + j], gy = u[i * N + jp] - u[i * N + jm];
        du[c] += eq.gradient_sq(uc) * (gx * gx + gy * gy) * (0.5 * inv);  // ((gx^2 + gy^2) / (2h)^2)
      }
      if (source) du[c] += eq.source(uc);
    }
  }
}

std::string DensityEquation::text() const {
  std::string s = fmt::format("div(({}) grad u) + ({}) u", diffusion.text(), growth.text());
  if (!gradient_sq.terms.empty()) s += fmt::format(" + ({}) |grad u|^2", gradient_sq.text());
  if (!source.terms.empty()) s += fmt::format(" + {}", source.text());
  return s;
}

std::vector<double> cos2_bump(const DensityModel& m, double amplitude) {
  const std::size_t N = static_cast<std::size_t>(m.n);
  std::vector<double> u(N * N);
  auto c2 = [&](double x) {
    const double c = std::cos(M_PI * (x - 0.5 * m.length) / m.length);
    return c * c;
  };
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < N; ++j) u[i * N + j] = amplitude * c2(m.x(static_cast<int>(i))) * c2(m.x(static_cast<int>(j)));
  return u;
}

namespace {

// Dormand & Prince (1980), RK5(4)7M: the nodes, the stages' weights, the 5th-order solution
// (which is stage 7's, FSAL) and the 5th minus 4th order error weights.
constexpr double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
constexpr double A21 = 1.0 / 5;
constexpr double A31 = 3.0 / 40, A32 = 9.0 / 40;
constexpr double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
constexpr double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
constexpr double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176,
                 A65 = -5103.0 / 18656;
constexpr double B1 = 35.0 / 384, B3 = 500.0 / 1113, B4 = 125.0 / 192, B5 = -2187.0 / 6784, B6 = 11.0 / 84;
constexpr double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525,
                 E7 = -1.0 / 40;

}  // namespace

Dopri5Stats integrate_density(const DensityModel& m, std::vector<double> u, const std::vector<double>& times,
                              const Dopri5Settings& s,
                              const std::function<void(std::size_t, const std::vector<double>&)>& out) {
  for (std::size_t k = 0; k < times.size(); ++k)
    if (!(times[k] >= 0) || (k > 0 && !(times[k] > times[k - 1])))
      fail("output times: {} at position {}: expected ascending times from 0", times[k], k);
  const std::size_t N = u.size();
  std::vector<double> k1(N), k2(N), k3(N), k4(N), k5(N), k6(N), k7(N), y(N), un(N);
  Dopri5Stats st;
  auto f = [&](const std::vector<double>& x, std::vector<double>& dx) {
    m.rhs(x, dx);
    ++st.rhs_calls;
  };
  double t = 0;
  std::size_t next = 0;
  while (next < times.size() && times[next] == 0) out(next++, u);
  if (next == times.size()) return st;
  f(u, k1);
  // Initial step: Hairer, Norsett & Wanner's rule of thumb, h = 0.01 |u| / |f|, capped.
  double nu = 0, nf = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const double sc = s.atol + s.rtol * std::abs(u[i]);
    nu += std::pow(u[i] / sc, 2), nf += std::pow(k1[i] / sc, 2);
  }
  double h = (nu < 1e-10 || nf < 1e-10) ? 1e-6 : 0.01 * std::sqrt(nu / nf);
  h = std::min(h, times.back());
  while (next < times.size()) {
    if (st.steps + st.rejected >= s.max_steps) fail("dopri5: {} steps without reaching t = {}: expected fewer", s.max_steps, times[next]);
    const double target = times[next], h_prop = h;
    bool lands = false;
    if (t + h >= target * (1 - 1e-14)) h = target - t, lands = true;
    if (!(h > 1e-14 * std::max(1.0, std::abs(t)))) fail("dopri5: step size {} underflows at t = {}", h, t);
    for (std::size_t i = 0; i < N; ++i) y[i] = u[i] + h * A21 * k1[i];
    f(y, k2);
    for (std::size_t i = 0; i < N; ++i) y[i] = u[i] + h * (A31 * k1[i] + A32 * k2[i]);
    f(y, k3);
    for (std::size_t i = 0; i < N; ++i) y[i] = u[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    f(y, k4);
    for (std::size_t i = 0; i < N; ++i) y[i] = u[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    f(y, k5);
    for (std::size_t i = 0; i < N; ++i)
      y[i] = u[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    f(y, k6);
    for (std::size_t i = 0; i < N; ++i) un[i] = u[i] + h * (B1 * k1[i] + B3 * k3[i] + B4 * k4[i] + B5 * k5[i] + B6 * k6[i]);
    f(un, k7);
    double err = 0;
    for (std::size_t i = 0; i < N; ++i) {
      const double e = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
      const double sc = s.atol + s.rtol * std::max(std::abs(u[i]), std::abs(un[i]));
      err += (e / sc) * (e / sc);
    }
    err = std::sqrt(err / static_cast<double>(N));
    if (!std::isfinite(err)) fail("dopri5: a non-finite state at t = {} (step {})", t, h);
    const double factor = std::clamp(0.9 * std::pow(std::max(err, 1e-10), -0.2), 0.2, 5.0);
    if (err <= 1) {
      ++st.steps;
      t = lands ? target : t + h;
      u.swap(un);
      k1.swap(k7);  // FSAL: the last stage is the next step's first
      if (lands) out(next++, u);
      h = lands ? std::max(h * factor, h_prop) : h * factor;  // a step cut to land keeps the proposal
    } else {
      ++st.rejected;
      h *= std::min(factor, 1.0);
    }
  }
  return st;
}

}  // namespace press
