#include "press/solver.hpp"

#include <cmath>

#include "press/config.hpp"
#include "press/error.hpp"

namespace press {

const char* status_name(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::blowup: return "blowup";
    case Status::homogeneous: return "homogeneous";
  }
  return "?";
}

SimSettings SimSettings::from_config(const Config& cfg) {
  SimSettings st;
  st.form = kinetics_form_from_string(cfg.get<std::string>("model.kinetics"));
  st.n = cfg.get<int>("grid.n");  // even, and t_max a multiple of dt: Config::check_cross_keys
  st.dx = cfg.get<double>("grid.dx");
  st.s = cfg.get<double>("model.s");
  st.v_floor = cfg.get<double>("model.v_floor");
  st.dt = cfg.get<double>("simulate.dt");
  const double t_max = cfg.get<double>("simulate.t_max");
  st.max_steps = std::llround(t_max / st.dt);
  st.noise_sigma = cfg.get<double>("simulate.noise_sigma");
  st.early_stop = cfg.get<bool>("simulate.early_stop");
  st.early_stop_tol = cfg.get<double>("simulate.early_stop_tol");
  st.check_every = cfg.get<int>("simulate.check_every");
  st.blowup_threshold = cfg.get<double>("simulate.blowup_threshold");
  st.homogeneous_tol = cfg.get<double>("simulate.homogeneous_tol");
  st.fftw_planner = cfg.get<std::string>("simulate.fftw_planner");
  return st;
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
  const Kinetics kin = Kinetics::from(th, st.form);
  double mu = 0, mv = 0;
  for (std::int64_t i = 0; i < cells; ++i) {
    const double a = u[i], b = v[i];
    mu = std::max(mu, std::fabs(st.s * lap_u[i] + reaction_f<double>(a, b, kin.p, kin.d, kin.c, st.v_floor)));
    mv = std::max(mv, std::fabs(st.s * th.delta * lap_v[i] + reaction_g<double>(a, b)));
  }
  r.max_dudt = mu;
  r.max_dvdt = mv;
}
template void final_diagnostics<float>(const SimSettings&, const Params&, const float*, const float*, const float*,
                                       const float*, std::int64_t, SampleResult&);
template void final_diagnostics<double>(const SimSettings&, const Params&, const double*, const double*,
                                        const double*, const double*, std::int64_t, SampleResult&);

#ifndef PRESS_HAVE_CUDA
template <typename Real>
std::unique_ptr<Solver<Real>> make_cuda_solver(const SimSettings&) {
  fail("solver 'gpu': this build has no CUDA backend (no CUDA compiler was found at configure time)");
}
template std::unique_ptr<Solver<float>> make_cuda_solver<float>(const SimSettings&);
template std::unique_ptr<Solver<double>> make_cuda_solver<double>(const SimSettings&);
bool cuda_device_available(std::string* why) {
  if (why) *why = "built without CUDA";
  return false;
}
#endif

}  // namespace press
