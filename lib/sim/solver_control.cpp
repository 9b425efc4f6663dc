#include "press/sim/solver_control.hpp"

#include <algorithm>
#include <cmath>

#include "press/core/config.hpp"

namespace press {

SimSettings SimSettings::from_config(const Config& cfg) {
  SimSettings st;
  static_cast<GridPhysics&>(st) = GridPhysics::from_config(cfg);
  st.integrator = cfg.get<std::string>("simulate.integrator") == "euler9" ? Integrator::euler9 : Integrator::spectral;
  st.frame_every = cfg.get<long>("simulate.frame_every");
  st.dt = cfg.get<double>("simulate.dt");
  st.max_steps = std::llround(cfg.get<double>("simulate.t_max") / st.dt);  // a multiple: check_config_rules
  st.noise_sigma = cfg.get<double>("simulate.noise_sigma");
  st.early_stop = cfg.get<bool>("simulate.early_stop");
  st.early_stop_tol = cfg.get<double>("simulate.early_stop_tol");
  st.check_every = cfg.get<int>("simulate.check_every");
  st.blowup_threshold = cfg.get<double>("simulate.blowup_threshold");
  st.homogeneous_tol = cfg.get<double>("simulate.homogeneous_tol");
  return st;
}

StepControl::StepControl(const SimSettings& st, std::size_t cells)
    : st_(st), norm_(1.0 / static_cast<double>(cells)), k2_(spectral_k2(st.n, st.dx)) {}

template <typename Real>
void StepControl::diffusion_factors(double ratio, Real* u_factor, Real* v_factor) const {
  const double du = st_.du();
  for (std::size_t k = 0; k < k2_.size(); ++k) {
    u_factor[k] = static_cast<Real>(norm_ / (1.0 + st_.dt * du * k2_[k]));
    v_factor[k] = static_cast<Real>(norm_ / (1.0 + st_.dt * du * ratio * k2_[k]));
  }
}

template <typename Real>
void StepControl::laplacian_factors(Real* factor) const {
  for (std::size_t k = 0; k < k2_.size(); ++k) factor[k] = static_cast<Real>(-k2_[k] * norm_);
}

namespace {

template <typename Real>
Status classify_final_state(const SimSettings& st, const Real* u, const Real* v, std::int64_t cells) {
  double lo = INFINITY, hi = -INFINITY, sum_abs = 0;
  for (std::int64_t i = 0; i < cells; ++i) {
    const double x = u[i], y = v[i];
    if (!std::isfinite(x) || !std::isfinite(y) || std::fabs(x) > st.blowup_threshold ||
        std::fabs(y) > st.blowup_threshold)
      return Status::blowup;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    sum_abs += std::fabs(x);
  }
  const double mean_abs = sum_abs / static_cast<double>(cells);
  return (hi - lo) < st.homogeneous_tol * mean_abs ? Status::homogeneous : Status::ok;
}

}  // namespace

template <typename Real>
void final_diagnostics(const SimSettings& st, const Params& th, const Real* u, const Real* v, const Real* lap_u,
                       const Real* lap_v, std::int64_t cells, SampleResult& r) {
  r.status = classify_final_state(st, u, v, cells);
  if (r.status == Status::blowup) {
    r.max_dudt = r.max_dvdt = INFINITY;
    return;
  }
  const auto k = coefficients(st.kinetics, th);
  const double du = st.du(), dv = du * diffusion_ratio(st.kinetics, th);
  double mu = 0, mv = 0;
  with_kinetics(st.kinetics, [&](auto sys) {
    using K = decltype(sys);
    for (std::int64_t i = 0; i < cells; ++i) {
      const double a = u[i], b = v[i];
      mu = std::max(mu, std::fabs(du * lap_u[i] + K::f(a, b, k.data(), st.v_floor)));
      mv = std::max(mv, std::fabs(dv * lap_v[i] + K::g(a, b, k.data(), st.v_floor)));
    }
  });
  r.max_dudt = mu;
  r.max_dvdt = mv;
}

#define PRESS_INSTANTIATE(Real)                                                                                     \
  template void StepControl::diffusion_factors<Real>(double, Real*, Real*) const;                                  \
  template void StepControl::laplacian_factors<Real>(Real*) const;                                                 \
  template void final_diagnostics<Real>(const SimSettings&, const Params&, const Real*, const Real*, const Real*, \
                                        const Real*, std::int64_t, SampleResult&);
PRESS_INSTANTIATE(float)
PRESS_INSTANTIATE(double)
#undef PRESS_INSTANTIATE

}  // namespace press
