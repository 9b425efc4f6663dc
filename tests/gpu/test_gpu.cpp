// cuFFT backend against theory and against the FFTW backend. Exits 77 (CTest: skipped) when no
// GPU is visible, so CI without a GPU still builds this and reports it as skipped.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>

#include "physics_checks.hpp"

using namespace press;
using namespace press::testing;

namespace {
template <typename Real>
SolverFactory<Real> cuda_factory() {
  return [](const SimSettings& st) { return make_cuda_solver<Real>(st); };
}
}  // namespace

int main(int argc, char** argv) {
  std::string why;
  if (!cuda_device_available(&why)) {
    std::printf("skipped: %s\n", why.c_str());
    return 77;
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

TEST_CASE("GPU: the homogeneous state stays put, and a blow-up is caught") {
  const int n = 32;
  const double us = steady_state(KineticsId::murray, kRef).u;
  std::vector<double> u(static_cast<std::size_t>(n) * n, us), v(u.size(), us * us);
  SampleResult r;
  make_cuda_solver<double>(settings(n, 0.2, 5000))->run(&kRef, 1, u.data(), v.data(), &r, nullptr);
  double dev = 0;
  for (std::size_t i = 0; i < u.size(); ++i) dev = std::max(dev, std::fabs(u[i] - us));
  CHECK(dev < 1e-12);
  CHECK(r.status == Status::homogeneous);

  initial_state<double>(5, 0, us, us * us, 1e-3, n * n, u.data(), v.data());
  make_cuda_solver<double>(settings(n, 50.0, 400))->run(&kRef, 1, u.data(), v.data(), &r, nullptr);
  CHECK(r.status == Status::blowup);
  CHECK(r.steps < 400);
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
