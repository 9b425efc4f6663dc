#pragma once
// Physics checks shared by the CPU and GPU solver tests; each takes the solver to test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "press/model/lsa.hpp"
#include "press/sim/simulate.hpp"
#include "press/sim/solver.hpp"

namespace press::testing {

inline const FftwOptions kEstimate{"estimate", ""};  // quick plans: the tests time nothing

template <typename Real>
using SolverFactory = std::function<std::unique_ptr<Solver<Real>>(const SimSettings&)>;

template <typename Real>
SolverFactory<Real> fftw_factory() {
  return [](const SimSettings& st) { return make_fftw_solver<Real>(st, 1, kEstimate); };
}

inline const Params kRef{0.0384, 1.9097, 4.5398, 185.9997};  // PRESS Fig. 2, Turing-unstable

inline SimSettings settings(int n, double dt, std::int64_t steps, KineticsId kin = kinetics_id<Murray>) {
  SimSettings st;
  st.kinetics = kin;
  st.n = n;
  st.dt = dt;
  st.max_steps = steps;
  st.early_stop = false;
  return st;
}

// Amplitude of the cos(2 pi m x / L) component of u - u*.
inline double mode_amplitude(const std::vector<double>& u, int n, double u_star, int m) {
  double acc = 0;
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) acc += (u[static_cast<std::size_t>(y) * n + x] - u_star) * std::cos(2 * M_PI * m * x / n);
  return 2.0 * acc / (static_cast<double>(n) * n);
}

// The axis mode m (k = 2 pi m / n, dx = 1) of th with the largest LSA growth rate.
inline int fastest_axis_mode(int n, KineticsId kin = kinetics_id<Murray>, const Params& th = kRef) {
  const Jacobian J = jacobian_at(kin, th, steady_state(kin, th));
  const double du = diffusion_u(kin, 0.4), rho = diffusion_ratio(kin, th);
  int best = 1;
  for (int m = 1; m <= n / 2; ++m) {
    const double k = 2 * M_PI * m / n, kb = 2 * M_PI * best / n;
    if (growth_rate(J, du, rho, k * k) > growth_rate(J, du, rho, kb * kb)) best = m;
  }
  return best;
}

struct ModeRun {
  double measured, lsa, discrete;
};

// Start on the homogeneous state plus eps*cos(k x) along the scheme's growing eigenvector, run
// t1 then t2, and compare the measured exponential rate with (i) the LSA eigenvalue of that mode
// and (ii) the exact per-step amplification of the semi-implicit scheme, ln(rho(M))/dt, with
// M = diag(1/(1+dt D_u k^2), 1/(1+dt D_v k^2)) (I + dt J). Any kinetics (default: GM's kRef).
inline ModeRun grow_mode(const SolverFactory<double>& make, double dt, int n, int m, double t1, double t2,
                         KineticsId kin = kinetics_id<Murray>, const Params& th = kRef) {
  const SimSettings st = settings(n, dt, 1, kin);
  const SteadyState ss = steady_state(kin, th);
  const double us = ss.u, vs = ss.v;
  const Jacobian J = jacobian_at(kin, th, ss);
  const double k = 2 * M_PI * m / (n * st.dx), k2 = k * k;
  const double Du = st.du(), ratio = diffusion_ratio(kin, th);
  const double du = 1 / (1 + dt * Du * k2), dv = 1 / (1 + dt * Du * ratio * k2);
  const double M11 = du * (1 + dt * J.fu), M12 = du * dt * J.fv, M21 = dv * dt * J.gu, M22 = dv * (1 + dt * J.gv);
  const double tr = M11 + M22, det = M11 * M22 - M12 * M21;
  REQUIRE(0.25 * tr * tr - det >= 0);  // a real, non-oscillating mode
  const double rho = 0.5 * tr + std::sqrt(0.25 * tr * tr - det);
  const double ev_u = M12, ev_v = rho - M11;  // eigenvector of M for rho
  const double eps = 1e-9 / std::hypot(ev_u, ev_v);

  std::vector<double> u(static_cast<std::size_t>(n) * n), v(u.size());
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      const double c = std::cos(2 * M_PI * m * x / n);
      u[static_cast<std::size_t>(y) * n + x] = us + eps * ev_u * c;
      v[static_cast<std::size_t>(y) * n + x] = vs + eps * ev_v * c;
    }
  auto advance = [&](std::int64_t steps) {
    SimSettings s2 = st;
    s2.max_steps = steps;
    SampleResult r;
    make(s2)->run(&th, 1, u.data(), v.data(), &r, nullptr);
    return mode_amplitude(u, n, us, m);
  };
  const std::int64_t n1 = std::llround(t1 / dt), n2 = std::llround(t2 / dt);
  const double a1 = advance(n1);
  const double a2 = advance(n2 - n1);
  return ModeRun{std::log(a2 / a1) / (static_cast<double>(n2 - n1) * dt), growth_rate(J, Du, ratio, k2),
                 std::log(rho) / dt};
}

struct PatternStats {
  double mean, std;
  double k_peak;  // |k| of the strongest non-zero mode of u
};

template <typename Real>
PatternStats run_stats(const SolverFactory<Real>& make, const Params& th, std::uint64_t id, int n, std::int64_t steps) {
  SimSettings st = settings(n, 0.2, steps);
  const SteadyState ss = steady_state(st.kinetics, th);
  std::vector<Real> u(static_cast<std::size_t>(n) * n), v(u.size());
  initial_state<Real>(1234, id, ss.u, ss.v, st.noise_sigma, n * n, u.data(), v.data());
  SampleResult r;
  make(st)->run(&th, 1, u.data(), v.data(), &r, nullptr);
  REQUIRE(r.status == Status::ok);
  double m = 0, m2 = 0;
  for (Real x : u) m += x;
  m /= u.size();
  for (Real x : u) m2 += (x - m) * (x - m);
  // Strongest mode by a direct DFT over the shells (independent of the solver's FFT).
  double best = 0, kbest = 0;
  for (int ky = 0; ky <= n / 4; ++ky)
    for (int kx = -n / 4; kx <= n / 4; ++kx) {
      if (kx == 0 && ky == 0) continue;
      std::complex<double> acc = 0;
      for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
          acc += (static_cast<double>(u[static_cast<std::size_t>(y) * n + x]) - m) *
                 std::polar(1.0, -2 * M_PI * (kx * x + ky * y) / n);
      if (std::abs(acc) > best) {
        best = std::abs(acc);
        kbest = 2 * M_PI * std::hypot(kx, ky) / n;
      }
    }
  return PatternStats{m, std::sqrt(m2 / u.size()), kbest};
}

// Two runs of the same parameters describe the same pattern: mean within 2%, standard deviation
// within 5%, dominant wavenumber within 15% (about one lattice shell at the pattern's k on 64^2).
inline void check_same_statistics(const PatternStats& a, const PatternStats& b) {
  INFO("mean " << a.mean << " vs " << b.mean << ", std " << a.std << " vs " << b.std << ", k " << a.k_peak << " vs "
               << b.k_peak);
  CHECK(std::fabs(a.mean - b.mean) < 0.02 * b.mean);
  CHECK(std::fabs(a.std - b.std) < 0.05 * b.std);
  CHECK(std::fabs(a.k_peak - b.k_peak) < 0.15 * b.k_peak);
}

}  // namespace press::testing

namespace press::testing {

// A Turing-unstable set of each kinetics other than Gierer-Meinhardt (test_lsa.cpp derives
// their steady states, Jacobians and bands by hand).
struct SystemSet {
  KineticsId k;
  Params th;
};
inline const SystemSet kOtherSystems[] = {{kinetics_id<Schnakenberg>, {0.1, 0.9, 40.0}},
                                          {kinetics_id<Brusselator>, {1.0, 1.8, 20.0}},
                                          {kinetics_id<LengyelEpstein>, {12.0, 6.0, 20.0}}};

// Gierer-Meinhardt's reference set and the other systems' sets: one Turing-unstable set per kinetics.
inline std::vector<std::pair<KineticsId, Params>> every_system() {
  std::vector<std::pair<KineticsId, Params>> out{{kinetics_id<Murray>, kRef}};
  for (const SystemSet& s : kOtherSystems) out.emplace_back(s.k, s.th);
  return out;
}

// A mixed batch around `base`: parameter j of sample i scaled by 1 + 0.04 ((i (j + 1) mod 7) - 3),
// so one batch holds different coefficients per sample, and with early stop on, samples that stop
// at different steps (and, at the box's edge, some that stay homogeneous).
inline std::vector<Params> mixed_params(const Params& base, int count) {
  std::vector<Params> out;
  for (int i = 0; i < count; ++i) {
    Params p = base;
    for (int j = 0; j < p.size(); ++j) p[j] *= 1 + 0.04 * (((i * (j + 1)) % 7) - 3);
    out.push_back(p);
  }
  return out;
}

// The settings a kinetics needs with its explicit reaction (the quick configs' dt, tolerance per
// step and check interval), early stop on, to `t_max`.
inline SimSettings batch_settings(KineticsId k, int n, double t_max) {
  const double dt = k == kinetics_id<Brusselator> ? 0.02 : k == kinetics_id<LengyelEpstein> ? 0.05 : 0.2;
  SimSettings st = settings(n, dt, std::llround(t_max / dt), k);
  st.early_stop = true;
  st.early_stop_tol = 1e-6 * dt / 0.2;  // |du/dt| < 5e-6, as Gierer-Meinhardt's 1e-6 per step at dt = 0.2
  st.check_every = static_cast<int>(std::llround(40 / dt));  // every 40 time units
  return st;
}

template <typename Real>
struct BatchRun {
  std::vector<Real> u, v;
  std::vector<SampleResult> r;
};

// `th` as one batch, from initial noise keyed by (4321, sample) around each sample's steady state.
template <typename Real>
BatchRun<Real> run_batch(const SolverFactory<Real>& make, const SimSettings& st, const std::vector<Params>& th) {
  const auto cells = static_cast<std::size_t>(st.n) * st.n;
  BatchRun<Real> b{std::vector<Real>(th.size() * cells), std::vector<Real>(th.size() * cells),
                   std::vector<SampleResult>(th.size())};
  for (std::size_t i = 0; i < th.size(); ++i) {
    const SteadyState ss = steady_state(st.kinetics, th[i]);
    initial_state<Real>(4321, i, ss.u, ss.v, st.noise_sigma, static_cast<std::int64_t>(cells), b.u.data() + i * cells,
                        b.v.data() + i * cells);
  }
  make(st)->run(th.data(), static_cast<std::int64_t>(th.size()), b.u.data(), b.v.data(), b.r.data(), nullptr);
  return b;
}

// Largest |a - b| over sample i's u and v.
template <typename Real>
double max_sample_diff(const BatchRun<Real>& a, const BatchRun<Real>& b, std::size_t i, std::size_t cells) {
  double d = 0;
  for (std::size_t k = i * cells; k < (i + 1) * cells; ++k)
    d = std::max({d, std::fabs(static_cast<double>(a.u[k]) - b.u[k]), std::fabs(static_cast<double>(a.v[k]) - b.v[k])});
  return d;
}

}  // namespace press::testing
