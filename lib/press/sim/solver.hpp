#pragma once
// The integrators of a reaction-diffusion system (kinetics.hpp) behind one interface: the
// semi-implicit spectral scheme of PRESS Eq. 5-6, with an FFTW (CPU) and a cuFFT (GPU) backend,
// and explicit Euler with the 9-point Laplacian (CPU). The spectral scheme, per step, in the solver's precision Real:
//   w_u = u + dt*f(u, v),  w_v = v + dt*g(u, v)                (reaction, explicit)
//   u <- IFFT( FFT(w_u) / (1 + dt*D_u*|k|^2) ),  v <- IFFT( FFT(w_v) / (1 + dt*D_v*|k|^2) )
// which is Eq. 5-6 (FFT is linear), at four real FFTs per step: the minimum.
#include <cstddef>
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
// Called with sample i's frame k (its fields at step k * frame_every), from the worker threads.
template <typename Real>
using FrameSink = std::function<void(std::int64_t i, std::int64_t k, const Real* u, const Real* v)>;

template <typename Real>
class Solver {
 public:
  virtual ~Solver() = default;
  // Integrate `count` samples in place: u, v are [count, n, n] row-major, the initial state on
  // entry and the final state on return. out[i] receives sample i's status and diagnostics.
  // With frames (SimSettings::frame_every > 0; every backend), each frame goes to `frames`;
  // a sample that stops early (a blow-up) sends no more.
  virtual void run(const Params* params, std::int64_t count, Real* u, Real* v, SampleResult* out,
                   const SolverProgress& progress, const FrameSink<Real>& frames = {}) = 0;
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

// Explicit Euler with the 9-point Laplacian (simulate.integrator: euler9; the NCA paper's data):
//   u <- u + dt (D_u L9 u + f(u, v)),  v <- v + dt (D_v L9 v + g(u, v)),
//   L9 = (1/4)[[1, 2, 1], [2, -12, 2], [1, 2, 1]] / dx^2 on the periodic grid,
// samples in parallel over `threads` workers. Stable for dt D max|symbol| < 2; the symbol's
// largest magnitude is 4/dx^2 (at (pi, 0) and (pi, pi)), i.e. dt D < dx^2/2.
template <typename Real>
std::unique_ptr<Solver<Real>> make_euler_solver(const SimSettings& st, int threads);

// L9 x (without the 1/dx^2) on the periodic n x n grid: (1/4)(corners + 2 edges - 12 centre). The
// Euler solver's stencil, and the one discover_kinetics differentiates frames with.
template <typename Real>
void laplacian9(const Real* x, int n, Real* out) {
  for (int i = 0; i < n; ++i) {
    const Real* up = x + static_cast<std::ptrdiff_t>((i + n - 1) % n) * n;
    const Real* row = x + static_cast<std::ptrdiff_t>(i) * n;
    const Real* dn = x + static_cast<std::ptrdiff_t>((i + 1) % n) * n;
    Real* o = out + static_cast<std::ptrdiff_t>(i) * n;
    for (int j = 0; j < n; ++j) {
      const int l = j == 0 ? n - 1 : j - 1, r = j == n - 1 ? 0 : j + 1;
      const Real corners = (up[l] + up[r]) + (dn[l] + dn[r]);
      const Real edges = (up[j] + dn[j]) + (row[l] + row[r]);
      o[j] = Real(0.25) * (corners + Real(2) * edges - Real(12) * row[j]);
    }
  }
}

// cuFFT backend: every sample of a call in one batched plan. Throws press::Error when the
// build has no CUDA or no GPU is visible.
template <typename Real>
std::unique_ptr<Solver<Real>> make_cuda_solver(const SimSettings& st);

}  // namespace press
