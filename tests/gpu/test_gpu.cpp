// cuFFT backend against theory and against the FFTW backend. Exits 77 (CTest: skipped) only when
// there is no GPU (no device, or no NVIDIA driver at all), so CI without a GPU still builds this
// and reports it as skipped; any other CUDA error (a driver older than the runtime, a device in a
// bad state) fails with its message (press::probe_gpu).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <tuple>
#include <utility>
#include <vector>

#include "physics_checks.hpp"
#include "press/sim/gpu_probe.hpp"

using namespace press;
using namespace press::testing;

namespace {
template <typename Real>
SolverFactory<Real> cuda_factory() {
  return [](const SimSettings& st) { return make_cuda_solver<Real>(st); };
}
}  // namespace

int main(int argc, char** argv) {
  const GpuProbe probe = probe_gpu();
  if (probe.state == GpuState::absent) {
    std::printf("skipped: %s\n", probe.why.c_str());
    return 77;
  }
  if (probe.state == GpuState::broken) {
    std::fprintf(stderr, "test_gpu: error: %s\n", probe.why.c_str());
    return 1;
  }
  return Catch::Session().run(argc, argv);
}

TEST_CASE("GPU: a single Fourier mode grows at the scheme's exact rate") {
  const int n = 64, m = fastest_axis_mode(n);
  const ModeRun cpu = grow_mode(fftw_factory<double>(), 0.2, n, m, 10.0, 40.0);
  const ModeRun gpu = grow_mode(cuda_factory<double>(), 0.2, n, m, 10.0, 40.0);
  INFO("gpu " << gpu.measured << " cpu " << cpu.measured << " discrete " << gpu.discrete);
  CHECK(std::fabs(gpu.measured - gpu.discrete) < 1e-6 * gpu.discrete);
  CHECK(std::fabs(gpu.measured - cpu.measured) < 1e-9 * cpu.measured);
}

TEST_CASE("GPU: same initial state, same early trajectory as the CPU (float64)") {
  const int n = 64;
  SimSettings st = settings(n, 0.2, 100);
  const double us = steady_state(st.kinetics, kRef).u;
  const int B = 4;
  std::vector<Params> th(B, kRef);
  std::vector<double> u0(static_cast<std::size_t>(B) * n * n), v0(u0.size());
  for (int i = 0; i < B; ++i)
    initial_state<double>(77, static_cast<std::uint64_t>(i), us, us * us, 1e-3, n * n, u0.data() + i * n * n,
                          v0.data() + i * n * n);
  std::vector<double> uc(u0), vc(v0), ug(u0), vg(v0);
  std::vector<SampleResult> rc(B), rg(B);
  make_fftw_solver<double>(st, 2, kEstimate)->run(th.data(), B, uc.data(), vc.data(), rc.data(), nullptr);
  make_cuda_solver<double>(st)->run(th.data(), B, ug.data(), vg.data(), rg.data(), nullptr);
  double diff = 0;
  for (std::size_t i = 0; i < uc.size(); ++i) diff = std::max({diff, std::fabs(uc[i] - ug[i]), std::fabs(vc[i] - vg[i])});
  INFO("max |cpu - gpu| after 100 steps: " << diff);
  CHECK(diff < 1e-10);
  for (int i = 0; i < B; ++i) {
    CHECK(rc[i].steps == rg[i].steps);
    CHECK(rc[i].status == rg[i].status);
    CHECK(std::fabs(rc[i].max_dudt - rg[i].max_dudt) < 1e-9 * (1 + rc[i].max_dudt));
  }
}

TEST_CASE("GPU: float32 patterns agree statistically with the CPU's") {
  for (std::uint64_t id = 0; id < 3; ++id) {
    INFO("id " << id);
    check_same_statistics(run_stats<float>(cuda_factory<float>(), kRef, id, 64, 10000),
                          run_stats<float>(fftw_factory<float>(), kRef, id, 64, 10000));
  }
}

// What this file may demand of cuFFT's rounding (it differs from FFTW's: other algorithms, other
// summation orders, fused multiply-adds):
// - float64, short runs: the same arithmetic up to a few ulp per transform, so 1e-10 after 100 steps.
// - float64 to a steady state, early stop on: the same statuses and stopping steps (the early-stop
//   change differs by ~1e-13, far from the tolerance's 1e-6 unless a sample sits on it), and
//   fields within 1e-6 of their scale: rounding of ~1e-16 grows with the initial noise (1e-3) by
//   at most the same factor, then the pattern settles on its attractor; 1e-6 is orders above that
//   and orders below what a wrong coefficient or a mixed-up sample does (O(1)).
// - float32: no fixed bound; cuFFT may differ from FFTW by float32's own rounding, so the bound is
//   10 x the CPU's own float32-against-float64 difference on the same run. Early-stop decisions
//   in float32 are not compared: a change within float32 rounding of the tolerance may stop one
//   backend a check earlier (so compare_solvers reports same_status, it does not require it).
// - exact zeros: not demanded. A homogeneous start of a Turing-unstable set stays put only if no
//   rounding ever reaches a mode k != 0; FFTW gives exact zeros there (test_solver_physics), cuFFT
//   need not. So the long run uses a Turing-stable set, where rounding decays, and the unstable
//   set runs 20 time units, with room for 1e-13 of rounding to grow at the fastest rate.
TEST_CASE("GPU: the homogeneous state stays put, and a blow-up is caught") {
  const int n = 32;
  Params stable = kRef;
  stable[3] = 1;  // delta = 1: D_v = D_u, no Turing instability; the homogeneous state attracts
  for (const auto& [th, t, tol] : {std::tuple{stable, 1000.0, 1e-12}, std::tuple{kRef, 20.0, -1.0}}) {
    const double us = steady_state(kinetics_id<Murray>, th).u;
    double bound = tol;
    if (bound < 0) {  // rounding of 1e-13 growing at the fastest lattice rate for t
      LsaSettings ls;
      static_cast<GridPhysics&>(ls) = settings(n, 0.2, 1);
      bound = 1e-13 * std::exp(TuringFilter(ls)(th).lambda_max * t);
    }
    std::vector<double> u(static_cast<std::size_t>(n) * n, us), v(u.size(), us * us);
    SampleResult r;
    make_cuda_solver<double>(settings(n, 0.2, std::llround(t / 0.2)))->run(&th, 1, u.data(), v.data(), &r, nullptr);
    double dev = 0;
    for (std::size_t i = 0; i < u.size(); ++i) dev = std::max(dev, std::fabs(u[i] - us));
    INFO("delta " << th[3] << ", t " << t << ": max |u - u*| " << dev << ", bound " << bound);
    CHECK(dev < bound);
    CHECK(r.status == Status::homogeneous);
  }
  const double us = steady_state(kinetics_id<Murray>, kRef).u;
  std::vector<double> u(static_cast<std::size_t>(n) * n), v(u.size());
  SampleResult r;
  initial_state<double>(5, 0, us, us * us, 1e-3, n * n, u.data(), v.data());
  make_cuda_solver<double>(settings(n, 50.0, 400))->run(&kRef, 1, u.data(), v.data(), &r, nullptr);
  CHECK(r.status == Status::blowup);
  CHECK(r.steps < 400);
}

TEST_CASE("GPU: a mixed batch matches the CPU sample by sample (float64, four kinetics, early stop on)") {
  for (const auto& [k, base] : every_system()) {
    const SimSettings st = batch_settings(k, 32, 600);
    const auto th = mixed_params(base, 16);
    const auto cpu = run_batch<double>(fftw_factory<double>(), st, th);
    const auto gpu = run_batch<double>(cuda_factory<double>(), st, th);
    for (std::size_t i = 0; i < th.size(); ++i) {
      double scale = 1;
      for (std::size_t c = i * 32 * 32; c < (i + 1) * 32 * 32; ++c) scale = std::max(scale, std::fabs(cpu.u[c]));
      INFO(kinetics_name(k) << " sample " << i << ": cpu " << status_name(cpu.r[i].status) << " at " << cpu.r[i].steps
                            << ", gpu " << status_name(gpu.r[i].status) << " at " << gpu.r[i].steps);
      CHECK(cpu.r[i].status == gpu.r[i].status);
      CHECK(cpu.r[i].steps == gpu.r[i].steps);
      CHECK(max_sample_diff(cpu, gpu, i, 32 * 32) < 1e-6 * scale);
    }
  }
}

TEST_CASE("GPU: float32 trajectories agree with the CPU's within float32's own rounding") {
  const SimSettings st = settings(32, 0.2, 100);  // no early stop: every sample runs 100 steps
  const auto th = mixed_params(kRef, 16);
  const auto c32 = run_batch<float>(fftw_factory<float>(), st, th);
  const auto c64 = run_batch<double>(fftw_factory<double>(), st, th);
  const auto g32 = run_batch<float>(cuda_factory<float>(), st, th);
  for (std::size_t i = 0; i < th.size(); ++i) {
    double own = 0, across = 0;
    for (std::size_t c = i * 32 * 32; c < (i + 1) * 32 * 32; ++c) {
      own = std::max(own, std::fabs(static_cast<double>(c32.u[c]) - c64.u[c]));
      across = std::max(across, std::fabs(static_cast<double>(g32.u[c]) - c32.u[c]));
    }
    INFO("sample " << i << ": |gpu32 - cpu32| " << across << ", |cpu32 - cpu64| " << own);
    CHECK(across <= 10 * own);
    CHECK(g32.r[i].status == c32.r[i].status);
  }
}

TEST_CASE("GPU: a batch over 4096 samples is run in chunks without mixing samples up") {
  const SimSettings st = settings(16, 0.2, 60);
  const auto th = mixed_params(kRef, 4100);  // the backend's chunk is 4096 samples
  const auto cpu = run_batch<double>(fftw_factory<double>(), st, th);
  const auto gpu = run_batch<double>(cuda_factory<double>(), st, th);
  double worst = 0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < th.size(); ++i) {
    const double d = max_sample_diff(cpu, gpu, i, 16 * 16);
    if (d > worst) worst = d, at = i;
    if (cpu.r[i].steps != gpu.r[i].steps) FAIL("sample " << i << ": steps " << cpu.r[i].steps << " vs " << gpu.r[i].steps);
  }
  INFO("max |cpu - gpu| " << worst << " at sample " << at);
  CHECK(worst < 1e-10);
}

TEST_CASE("GPU: every other kinetics' kernel grows a single mode exactly as the CPU's (float64)") {
  const int n = 64;
  for (const SystemSet& sys : kOtherSystems) {
    INFO(kinetics_name(sys.k));
    const int m = fastest_axis_mode(n, sys.k, sys.th);
    const ModeRun cpu = grow_mode(fftw_factory<double>(), 0.05, n, m, 5.0, 20.0, sys.k, sys.th);
    const ModeRun gpu = grow_mode(cuda_factory<double>(), 0.05, n, m, 5.0, 20.0, sys.k, sys.th);
    CHECK(std::fabs(gpu.measured - gpu.discrete) < 1e-6 * gpu.discrete);
    CHECK(std::fabs(gpu.measured - cpu.measured) < 1e-9 * cpu.measured);
  }
}

TEST_CASE("GPU: trajectory frames match the CPU's frame by frame, the last one the final state (float64)") {
  SimSettings st = settings(32, 0.2, 100);
  st.frame_every = 10;  // frames at steps 0, 10, ..., 100
  const auto th = mixed_params(kRef, 5);
  const std::size_t cells = 32 * 32, F = static_cast<std::size_t>(st.frames());
  struct Run {
    std::vector<double> u, v, fu, fv;
    std::vector<int> sent;  // how often each (sample, frame) arrived
  };
  auto run = [&](std::unique_ptr<Solver<double>> solver) {
    Run r{std::vector<double>(th.size() * cells), {}, std::vector<double>(th.size() * F * cells, NAN), {},
          std::vector<int>(th.size() * F, 0)};
    r.v = r.u, r.fv = r.fu;
    for (std::size_t i = 0; i < th.size(); ++i) {
      const SteadyState ss = steady_state(st.kinetics, th[i]);
      initial_state<double>(4321, i, ss.u, ss.v, st.noise_sigma, static_cast<std::int64_t>(cells), r.u.data() + i * cells,
                            r.v.data() + i * cells);
    }
    std::vector<SampleResult> res(th.size());
    solver->run(th.data(), static_cast<std::int64_t>(th.size()), r.u.data(), r.v.data(), res.data(), nullptr,
                [&](std::int64_t i, std::int64_t k, const double* fu, const double* fv) {
                  const std::size_t at = static_cast<std::size_t>(i) * F + static_cast<std::size_t>(k);
                  ++r.sent[at];
                  std::copy(fu, fu + cells, r.fu.begin() + static_cast<std::ptrdiff_t>(at * cells));
                  std::copy(fv, fv + cells, r.fv.begin() + static_cast<std::ptrdiff_t>(at * cells));
                });
    return r;
  };
  const Run cpu = run(make_fftw_solver<double>(st, 2, kEstimate));
  const Run gpu = run(make_cuda_solver<double>(st));
  CHECK(gpu.sent == std::vector<int>(th.size() * F, 1));
  double diff = 0, last = 0, moved = 0;
  for (std::size_t c = 0; c < gpu.fu.size(); ++c)
    diff = std::max({diff, std::fabs(gpu.fu[c] - cpu.fu[c]), std::fabs(gpu.fv[c] - cpu.fv[c])});
  for (std::size_t i = 0; i < th.size(); ++i)
    for (std::size_t c = 0; c < cells; ++c) {
      last = std::max(last, std::fabs(gpu.fu[(i * F + F - 1) * cells + c] - gpu.u[i * cells + c]));
      moved = std::max(moved, std::fabs(gpu.fu[(i * F + F - 1) * cells + c] - gpu.fu[i * F * cells + c]));
    }
  INFO("max |cpu - gpu| over all frames " << diff << "; last frame vs final state " << last << "; first to last "
                                          << moved);
  CHECK(diff < 1e-10);
  CHECK(last == 0);
  CHECK(moved > 1e-6);  // the frames are a trajectory, not one state repeated
}
