// bench_nca_step: one NCA training step as train_nca runs it (lib/dynamics: a batch rolled out t
// steps, the paper's loss, backward, per-tensor gradient normalisation, Nadam), timed. Prints
//   grid=<n> batch=<b> t=<t> threads=<k> nca_steps_per_s=<x>
// (sample-steps per second: batch x t per training step). bench/bench_nca.py runs it beside the
// same model in Python PyTorch (bench/nca_reference.py).
#include <chrono>
#include <cstdio>
#include <string>

#include "press/dynamics/nadam.hpp"
#include "press/dynamics/nca_training.hpp"
#include "press/learn/torch_runtime.hpp"

int main(int argc, char** argv) {
  int grid = 64, batch = 64, t = 32, threads = 1, steps = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const int v = std::stoi(argv[i + 1]);
    if (k == "--grid") grid = v;
    else if (k == "--batch") batch = v;
    else if (k == "--t") t = v;
    else if (k == "--threads") threads = v;
    else if (k == "--steps") steps = v;
    else {
      std::fprintf(stderr, "bench_nca_step: unknown option %s\n", k.c_str());
      return 2;
    }
  }
  press::init_torch_runtime(threads);
  press::Nca nca(press::NcaSpec{}, 1);
  press::Nadam opt(nca->parameters(), press::NadamOptions{});
  auto gen = at::detail::createCPUGenerator(2);
  const auto x0 = torch::rand({batch, 8, grid, grid}, gen), y = torch::rand({batch, 2, grid, grid}, gen);
  auto one = [&] {
    torch::Tensor x = x0;
    press::nca_train_step(nca, opt, x, y, t, 0.01);
  };
  one();  // warm-up
  const auto t0 = std::chrono::steady_clock::now();
  for (int s = 0; s < steps; ++s) one();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("grid=%d batch=%d t=%d threads=%d nca_steps_per_s=%.1f\n", grid, batch, t, threads,
              static_cast<double>(steps) * batch * t / secs);
  return 0;
}
