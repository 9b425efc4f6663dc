// Explicit Euler with the 9-point Laplacian (solver.hpp), the integrator of the NCA paper's
// Gray-Scott data (NCA.md; the authors' code steps the same stencil at dt = 1). Per step and
// pixel, in the solver's precision: both Laplacians from the old fields, then
//   u' = u + dt (D_u L9 u + f(u, v)),  v' = v + dt (D_v L9 v + g(u, v)).
// The same StepControl decides checks, stops and the final status as for the spectral scheme;
// the final max|du/dt|, max|dv/dt| use this scheme's own Laplacian.
#include <cstring>
#include <functional>
#include <mutex>
#include <vector>

#include "press/core/parallel.hpp"
#include "press/sim/solver.hpp"

namespace press {
namespace {

template <typename Real>
class EulerSolver final : public Solver<Real> {
 public:
  EulerSolver(const SimSettings& st, int threads)
      : st_(st), threads_(threads), cells_(static_cast<std::size_t>(st.n) * st.n), control_(st, cells_) {}

  std::string name() const override { return "cpu euler9"; }

  void run(const Params* params, std::int64_t count, Real* u, Real* v, SampleResult* out,
           const SolverProgress& progress, const FrameSink<Real>& frames) override {
    std::mutex progress_mu;
    std::int64_t done = 0;
    parallel_for(count, threads_, [&](std::int64_t i, int) {
      out[i] = integrate(params[i], u + i * cells_, v + i * cells_, [&](std::int64_t k, const Real* fu, const Real* fv) {
        if (frames) frames(i, k, fu, fv);
      });
      if (progress) {
        std::lock_guard<std::mutex> lk(progress_mu);
        progress(++done);
      }
    });
  }

 private:
  SampleResult integrate(const Params& th, Real* u, Real* v,
                         const std::function<void(std::int64_t, const Real*, const Real*)>& frame) const {
    const auto kd = coefficients(st_.kinetics, th);
    Real k[kMaxParams];
    for (int j = 0; j < kMaxParams; ++j) k[j] = static_cast<Real>(kd[static_cast<std::size_t>(j)]);
    const double du_d = st_.du() / (st_.dx * st_.dx);
    const Real dt = static_cast<Real>(st_.dt), vf = static_cast<Real>(st_.v_floor), du = static_cast<Real>(du_d),
               dv = static_cast<Real>(du_d * diffusion_ratio(st_.kinetics, th));
    std::vector<Real> lu(cells_), lv(cells_), u_prev(cells_);
    SampleResult r;
    if (st_.frame_every > 0) frame(0, u, v);
    with_kinetics(st_.kinetics, [&](auto sys) {
      using K = decltype(sys);
      for (std::int64_t step = 1; step <= st_.max_steps; ++step) {
        const bool check = control_.checks(step);
        if (check) std::memcpy(u_prev.data(), u, cells_ * sizeof(Real));
        laplacian9(u, st_.n, lu.data());
        laplacian9(v, st_.n, lv.data());
        for (std::size_t i = 0; i < cells_; ++i) {
          const Real a = u[i], b = v[i];
          u[i] = a + dt * (du * lu[i] + K::f(a, b, k, vf));
          v[i] = b + dt * (dv * lv[i] + K::g(a, b, k, vf));
        }
        r.steps = step;
        if (st_.frame_at(step)) frame(step / st_.frame_every, u, v);
        if (!check) continue;
        Real change = 0, peak = 0;
        bool finite = true;
        for (std::size_t i = 0; i < cells_; ++i) {
          change = std::max(change, std::abs(u[i] - u_prev[i]));
          peak = std::max(peak, std::max(std::abs(u[i]), std::abs(v[i])));
          finite = finite && std::isfinite(u[i]) && std::isfinite(v[i]);
        }
        if (control_.stops(change, peak, finite)) break;
      }
    });
    const Real scale = static_cast<Real>(1.0 / (st_.dx * st_.dx));
    laplacian9(u, st_.n, lu.data());
    laplacian9(v, st_.n, lv.data());
    for (std::size_t i = 0; i < cells_; ++i) lu[i] *= scale, lv[i] *= scale;
    final_diagnostics(st_, th, u, v, lu.data(), lv.data(), static_cast<std::int64_t>(cells_), r);
    return r;
  }

  SimSettings st_;
  int threads_;
  std::size_t cells_;
  StepControl control_;
};

}  // namespace

template <typename Real>
std::unique_ptr<Solver<Real>> make_euler_solver(const SimSettings& st, int threads) {
  return std::make_unique<EulerSolver<Real>>(st, threads);
}
template std::unique_ptr<Solver<float>> make_euler_solver<float>(const SimSettings&, int);
template std::unique_ptr<Solver<double>> make_euler_solver<double>(const SimSettings&, int);

}  // namespace press
