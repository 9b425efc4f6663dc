#pragma once
// The semi-implicit spectral scheme of PRESS Eq. 5-6 behind one interface, with an FFTW (CPU)
// and a cuFFT (GPU) backend. Per step, in the solver's precision Real:
//   w_u = u + dt*f(u, v),  w_v = v + dt*g(u, v)                (reaction, explicit)
//   u <- IFFT( FFT(w_u) / (1 + dt*s*|k|^2) ),  v <- IFFT( FFT(w_v) / (1 + dt*s*delta*|k|^2) )
// which is Eq. 5-6 (FFT is linear), at four real FFTs per step: the minimum.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "press/kinetics.hpp"
#include "press/params.hpp"
#include "press/physics_options.hpp"

namespace press {

class Config;

enum class Status : std::int8_t { ok = 0, blowup = 1, homogeneous = 2 };
const char* status_name(Status s);

struct SimSettings {
  KineticsForm form = KineticsForm::murray;
  int n = 128;
  double dx = 1.0, s = 0.4, v_floor = 1e-6;
  double dt = 0.2;
  std::int64_t max_steps = 25000;  // round(t_max / dt)
  double noise_sigma = 1e-3;
  bool early_stop = true;
  double early_stop_tol = 1e-6;
  int check_every = 200;
  double blowup_threshold = 1e6;
  double homogeneous_tol = 0.05;
  std::string fftw_planner = "measure";
  static SimSettings from_config(const Config& cfg);
};

struct SampleResult {
  Status status = Status::ok;
  std::int64_t steps = 0;    // steps taken (< max_steps when stopped early or blown up)
  double max_dudt = 0;       // max |s*Lap(u) + f| on the final state (spectral Laplacian)
  double max_dvdt = 0;       // max |s*delta*Lap(v) + g|
};

// Called as samples finish (CPU) or as the batch advances (GPU): (done, total) in samples.
using SolverProgress = std::function<void(std::int64_t done, std::int64_t total)>;

template <typename Real>
class Solver {
 public:
  virtual ~Solver() = default;
  // Integrate `count` samples in place: u, v are [count, n, n] row-major, the initial state on
  // entry and the final state on return. out[i] receives sample i's status and diagnostics.
  virtual void run(const Params* params, std::int64_t count, Real* u, Real* v, SampleResult* out,
                   const SolverProgress& progress) = 0;
  virtual std::string name() const = 0;
};

// FFTW backend: samples in parallel over `threads` workers, plans made once and reused.
// `wisdom_file`, if not empty, is imported before planning and (re)written after.
template <typename Real>
std::unique_ptr<Solver<Real>> make_fftw_solver(const SimSettings& st, int threads, const std::string& wisdom_file);

// cuFFT backend: every sample of a call in one batched plan. Throws press::Error when the
// build has no CUDA or no GPU is visible.
template <typename Real>
std::unique_ptr<Solver<Real>> make_cuda_solver(const SimSettings& st);
bool cuda_device_available(std::string* why);

// End of a sample, shared by both backends: status (blow-up if any value is non-finite or beyond
// the threshold, else homogeneous if (max u - min u)/mean|u| < tol, else ok) and, unless blown
// up, max|s*Lap(u) + f| and max|s*delta*Lap(v) + g| in double from the final fields and their
// spectral Laplacians (what the scheme discretises). Sets r.status, r.max_dudt, r.max_dvdt.
template <typename Real>
void final_diagnostics(const SimSettings& st, const Params& th, const Real* u, const Real* v, const Real* lap_u,
                       const Real* lap_v, std::int64_t cells, SampleResult& r);

}  // namespace press
