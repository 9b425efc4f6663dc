#pragma once
// The semi-implicit spectral scheme of PRESS Eq. 5-6, for any kinetics (kinetics.hpp), behind one interface, with an FFTW (CPU)
// and a cuFFT (GPU) backend. Per step, in the solver's precision Real:
//   w_u = u + dt*f(u, v),  w_v = v + dt*g(u, v)                (reaction, explicit)
//   u <- IFFT( FFT(w_u) / (1 + dt*D_u*|k|^2) ),  v <- IFFT( FFT(w_v) / (1 + dt*D_v*|k|^2) )
// which is Eq. 5-6 (FFT is linear), at four real FFTs per step: the minimum.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "press/model/params.hpp"
#include "press/io/shard_format.hpp"
#include "press/sim/solver_control.hpp"

namespace press {

// Called as samples finish (CPU) or as the batch advances (GPU), with the samples done so far.
using SolverProgress = std::function<void(std::int64_t done)>;

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

// FFTW's own settings, for the FFTW backend only: the planner rigour and a wisdom file that, if
// not empty, is imported before planning and (re)written after.
struct FftwOptions {
  std::string planner = "measure";  // estimate | measure | patient (simulate.fftw_planner)
  std::string wisdom;
};

// FFTW backend: samples in parallel over `threads` workers, plans made once and reused.
template <typename Real>
std::unique_ptr<Solver<Real>> make_fftw_solver(const SimSettings& st, int threads, const FftwOptions& fftw = {});

// cuFFT backend: every sample of a call in one batched plan. Throws press::Error when the
// build has no CUDA or no GPU is visible.
template <typename Real>
std::unique_ptr<Solver<Real>> make_cuda_solver(const SimSettings& st);

}  // namespace press
