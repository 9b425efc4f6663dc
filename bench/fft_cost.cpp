// bench_fft_cost: the time of the FFTs alone in one solver step (2 r2c + 2 c2r at the config's
// grid and precision), with the same FftwPlan, planner and wisdom as simulate. Dividing by
// simulate's us/step gives the share of the step spent in FFTs. Prints one number (us/step).
#include <chrono>
#include <cmath>

#include "press/sim/fftw_plan.hpp"
#include "press/app/tool.hpp"

namespace {
template <typename Real>
double fft_us_per_step(int n, const std::string& planner, const std::string& wisdom, int reps) {
  press::FftwPlan<Real> plan(n, planner, wisdom);
  auto u = press::fft_alloc<Real>(plan.cells()), v = press::fft_alloc<Real>(plan.cells());
  auto uh = press::fft_alloc<typename press::FftwPlan<Real>::Complex>(plan.modes());
  auto vh = press::fft_alloc<typename press::FftwPlan<Real>::Complex>(plan.modes());
  for (std::size_t i = 0; i < plan.cells(); ++i) u[i] = v[i] = static_cast<Real>(std::sin(0.1 * i));
  auto step = [&] {
    plan.forward(u.get(), uh.get());
    plan.forward(v.get(), vh.get());
    plan.inverse(uh.get(), u.get());
    plan.inverse(vh.get(), v.get());
  };
  for (int i = 0; i < reps / 10 + 1; ++i) step();  // warm caches
  // Best of 5 blocks: the least-disturbed estimate on a shared machine.
  double best = INFINITY;
  for (int block = 0; block < 5; ++block) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) step();
    best = std::min(best, 1e6 * std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps);
  }
  return best;
}
}  // namespace

int main(int argc, char** argv) {
  press::Tool tool("bench_fft_cost", "Time the FFTs of one solver step alone (us/step) on one core.", {});
  std::string wisdom;
  int reps = 500;
  tool.app().add_option("--wisdom", wisdom, "FFTW wisdom file (as given to simulate)");
  tool.app().add_option("--reps", reps, "steps per timed block (best of 5 blocks is reported)")->check(CLI::PositiveNumber);
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    const int n = ctx.cfg.get<int>("grid.n");
    const auto planner = ctx.cfg.get<std::string>("simulate.fftw_planner");
    const bool f32 = ctx.cfg.get<std::string>("simulate.precision") == "float32";
    const double us = f32 ? fft_us_per_step<float>(n, planner, wisdom, reps) : fft_us_per_step<double>(n, planner, wisdom, reps);
    fmt::print("{:.3f}\n", us);
  });
}
