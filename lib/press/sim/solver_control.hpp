#pragma once
// The semi-implicit scheme's settings and every decision around a step, written once for both
// backends (solver_fftw.cpp, solver_cuda.cu): when to check, when to stop, the per-sample
// divisor tables, and the end-of-sample status and diagnostics. The CPU tests exercise these;
// the GPU backend, which cannot be tested on every machine, calls the same code.
#include <cstdint>
#include <vector>

#include "press/model/grid_physics.hpp"
#include "press/model/params.hpp"
#include "press/io/shard_format.hpp"

namespace press {

class Config;

enum class Integrator { spectral, euler9 };  // simulate.integrator

struct SimSettings : GridPhysics {
  Integrator integrator = Integrator::spectral;
  std::int64_t frame_every = 0;  // 0: no frames; K: frames at steps 0, K, 2K, ... <= max_steps
  double dt = 0.2;
  std::int64_t max_steps = 25000;  // round(t_max / dt)
  double noise_sigma = 1e-3;
  bool early_stop = true;
  double early_stop_tol = 1e-6;
  int check_every = 200;
  double blowup_threshold = 1e6;
  double homogeneous_tol = 0.05;
  static SimSettings from_config(const Config& cfg);
  std::int64_t frames() const { return frame_every > 0 ? max_steps / frame_every + 1 : 0; }
  bool frame_at(std::int64_t step) const { return frame_every > 0 && step % frame_every == 0; }
};

class StepControl {
 public:
  StepControl(const SimSettings& st, std::size_t cells);
  // Steps that end with a check: every check_every-th step and the last.
  bool checks(std::int64_t step) const { return step % st_.check_every == 0 || step == st_.max_steps; }
  // At a check: stop on blow-up (a non-finite value or max(|u|,|v|) over the threshold) or, with
  // early_stop, when max|u - u_prev| over the check's step fell below the tolerance.
  bool stops(double change, double peak, bool finite) const {
    return !finite || peak > st_.blowup_threshold || (st_.early_stop && change < st_.early_stop_tol);
  }
  // The implicit-diffusion factors of one sample on the r2c half spectrum, FFTW's and cuFFT's
  // missing 1/N^2 folded in: u_factor[k] = 1/N^2 / (1 + dt*D_u*|k|^2), v_factor[k] the same with
  // D_v = D_u*ratio. Computed in double, rounded to Real once, identically for both backends.
  template <typename Real>
  void diffusion_factors(double ratio, Real* u_factor, Real* v_factor) const;
  // -|k|^2/N^2: the spectral Laplacian's factor, for the final diagnostics.
  template <typename Real>
  void laplacian_factors(Real* factor) const;
  std::size_t modes() const { return k2_.size(); }

 private:
  SimSettings st_;
  double norm_;
  std::vector<double> k2_;
};

// End of a sample: status (blow-up if any value is non-finite or beyond the threshold, else
// homogeneous if (max u - min u)/mean|u| < tol, else ok) and, unless blown up, max|D_u*Lap(u) + f|
// and max|D_v*Lap(v) + g| in double from the final fields and their spectral Laplacians
// (what the scheme discretises). Sets r.status, r.max_dudt, r.max_dvdt.
template <typename Real>
void final_diagnostics(const SimSettings& st, const Params& th, const Real* u, const Real* v, const Real* lap_u,
                       const Real* lap_v, std::int64_t cells, SampleResult& r);

}  // namespace press
