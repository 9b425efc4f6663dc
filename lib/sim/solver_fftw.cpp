// FFTW backend. A measured benchmark found that batching samples into one plan, and FFTW's own
// threads, do not help at 128^2; independent samples in parallel do. So: one r2c and one c2r
// plan, made once (optionally from wisdom), executed by every worker on its own aligned buffers
// through FFTW's thread-safe new-array execute functions.
#include <cmath>
#include <cstring>
#include <functional>
#include <mutex>

#include "press/sim/fftw_plan.hpp"
#include "press/core/parallel.hpp"
#include "press/sim/solver.hpp"

namespace press {
namespace {

// u += dt*f(u,v), v += dt*g(u,v) in place, for the kinetics Sys with coefficients k. Compiled
// twice, for AVX2 and for the baseline, and chosen once by the CPU: the same IEEE operations in
// wider registers (no FMA contraction), so results are bit-identical on either path.
template <typename Sys, typename Real>
__attribute__((always_inline)) inline void reaction_loop(Real* __restrict u, Real* __restrict v, std::size_t n,
                                                         const Real* k, Real dt, Real vf) {
  Real kk[kMaxParams];  // locals: no aliasing with u, v; every coefficient, whatever kMaxParams is
  for (int j = 0; j < kMaxParams; ++j) kk[j] = k[j];
  for (std::size_t i = 0; i < n; ++i) {
    const Real a = u[i], b = v[i];
    u[i] = a + dt * Sys::f(a, b, kk, vf);
    v[i] = b + dt * Sys::g(a, b, kk, vf);
  }
}
template <typename Sys, typename Real>
__attribute__((target("avx2"))) void reaction_avx2(Real* u, Real* v, std::size_t n, const Real* k, Real dt, Real vf) {
  reaction_loop<Sys>(u, v, n, k, dt, vf);
}
template <typename Sys, typename Real>
void reaction_baseline(Real* u, Real* v, std::size_t n, const Real* k, Real dt, Real vf) {
  reaction_loop<Sys>(u, v, n, k, dt, vf);
}
template <typename Sys, typename Real>
void reaction_step(Sys, Real* u, Real* v, std::size_t n, const Real* k, Real dt, Real vf) {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  (avx2 ? reaction_avx2<Sys, Real> : reaction_baseline<Sys, Real>)(u, v, n, k, dt, vf);
}

template <typename Real>
class FftwSolver final : public Solver<Real> {
  using Complex = typename FftwPlan<Real>::Complex;

 public:
  FftwSolver(const SimSettings& st, int threads, const FftwOptions& fftw)
      : st_(st), threads_(threads), plan_(st.n, fftw.planner, fftw.wisdom), cells_(plan_.cells()),
        modes_(plan_.modes()), control_(st, cells_) {}

  std::string name() const override { return "cpu"; }

  void run(const Params* params, std::int64_t count, Real* u, Real* v, SampleResult* out,
           const SolverProgress& progress, const FrameSink<Real>& frames) override {
    std::vector<Workspace> ws(static_cast<std::size_t>(threads_));
    std::mutex progress_mu;
    std::int64_t done = 0;
    parallel_for(count, threads_, [&](std::int64_t i, int w) {
      Workspace& W = ws[static_cast<std::size_t>(w)];
      if (!W.u) W = Workspace(cells_, modes_);
      out[i] = integrate(params[i], W, u + i * cells_, v + i * cells_,
                         frames ? [&](std::int64_t k, const Real* fu, const Real* fv) { frames(i, k, fu, fv); }
                                : std::function<void(std::int64_t, const Real*, const Real*)>());
      if (progress) {
        std::lock_guard<std::mutex> lk(progress_mu);
        progress(++done);
      }
    });
  }

 private:
  struct Workspace {
    FftBuffer<Real> u, v, u_prev;
    FftBuffer<Complex> uh, vh;
    std::vector<Real> inv_den_u, inv_den_v;
    Workspace() = default;
    Workspace(std::size_t cells, std::size_t modes)
        : u(fft_alloc<Real>(cells)), v(fft_alloc<Real>(cells)), u_prev(fft_alloc<Real>(cells)),
          uh(fft_alloc<Complex>(modes)), vh(fft_alloc<Complex>(modes)), inv_den_u(modes), inv_den_v(modes) {}
  };

  // u <- c2r(r2c(u) * scale[k]); scale includes FFTW's missing 1/N^2.
  void spectral_apply(Real* x, Complex* xh, const Real* scale) const {
    plan_.forward(x, xh);
    for (std::size_t k = 0; k < modes_; ++k) {
      xh[k][0] *= scale[k];
      xh[k][1] *= scale[k];
    }
    plan_.inverse(xh, x);
  }

  SampleResult integrate(const Params& th, Workspace& W, Real* u_io, Real* v_io,
                         const std::function<void(std::int64_t, const Real*, const Real*)>& frame) const {
    const auto kd = coefficients(st_.kinetics, th);
    Real k[kMaxParams];
    for (int j = 0; j < kMaxParams; ++j) k[j] = static_cast<Real>(kd[static_cast<std::size_t>(j)]);
    const Real dt = static_cast<Real>(st_.dt), vf = static_cast<Real>(st_.v_floor);
    control_.diffusion_factors(diffusion_ratio(st_.kinetics, th), W.inv_den_u.data(), W.inv_den_v.data());
    std::memcpy(W.u.get(), u_io, cells_ * sizeof(Real));
    std::memcpy(W.v.get(), v_io, cells_ * sizeof(Real));
    Real* __restrict uu = W.u.get();
    Real* __restrict vv = W.v.get();

    SampleResult r;
    if (frame) frame(0, uu, vv);
    for (std::int64_t step = 1; step <= st_.max_steps; ++step) {
      const bool check = control_.checks(step);
      if (check) std::memcpy(W.u_prev.get(), uu, cells_ * sizeof(Real));
      with_kinetics(st_.kinetics, [&](auto sys) { reaction_step(sys, uu, vv, cells_, k, dt, vf); });  // explicit
      spectral_apply(uu, W.uh.get(), W.inv_den_u.data());  // diffusion, implicit (Eq. 5)
      spectral_apply(vv, W.vh.get(), W.inv_den_v.data());  // (Eq. 6)
      r.steps = step;
      if (frame && st_.frame_at(step)) frame(step / st_.frame_every, uu, vv);
      if (!check) continue;
      Real change = 0, peak = 0;
      bool finite = true;
      for (std::size_t i = 0; i < cells_; ++i) {
        change = std::max(change, std::abs(uu[i] - W.u_prev.get()[i]));
        peak = std::max(peak, std::max(std::abs(uu[i]), std::abs(vv[i])));
        finite = finite && std::isfinite(uu[i]) && std::isfinite(vv[i]);
      }
      if (control_.stops(change, peak, finite)) break;
    }
    std::memcpy(u_io, uu, cells_ * sizeof(Real));
    std::memcpy(v_io, vv, cells_ * sizeof(Real));
    laplacians(W, u_io, v_io);
    final_diagnostics(st_, th, u_io, v_io, W.u.get(), W.v.get(), static_cast<std::int64_t>(cells_), r);
    return r;
  }

  // Spectral Laplacians of the final u, v into W.u, W.v (W.inv_den_u is free by now).
  void laplacians(Workspace& W, const Real* u, const Real* v) const {
    control_.laplacian_factors(W.inv_den_u.data());
    std::memcpy(W.u.get(), u, cells_ * sizeof(Real));
    std::memcpy(W.v.get(), v, cells_ * sizeof(Real));
    spectral_apply(W.u.get(), W.uh.get(), W.inv_den_u.data());
    spectral_apply(W.v.get(), W.vh.get(), W.inv_den_u.data());
  }

  SimSettings st_;
  int threads_;
  FftwPlan<Real> plan_;
  std::size_t cells_, modes_;
  StepControl control_;
};

}  // namespace

template <typename Real>
std::unique_ptr<Solver<Real>> make_fftw_solver(const SimSettings& st, int threads, const FftwOptions& fftw) {
  return std::make_unique<FftwSolver<Real>>(st, threads, fftw);
}
template std::unique_ptr<Solver<float>> make_fftw_solver<float>(const SimSettings&, int, const FftwOptions&);
template std::unique_ptr<Solver<double>> make_fftw_solver<double>(const SimSettings&, int, const FftwOptions&);

}  // namespace press
