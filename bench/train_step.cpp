// bench_train_step: training throughput of one architecture, using the library's own network,
// PRESS loss and Adam step (the code `train` runs), on fixed random data. Prints one line:
//   arch=<a> grid=<n> batch=<b> threads=<t> samples_per_s=<x> blas=<library>
// bench/bench_train.py runs it beside the same model and loss in Python PyTorch.
#include <chrono>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "press/learn/fused_adam.hpp"
#include "press/learn/net.hpp"
#include "press/learn/torch_runtime.hpp"
#include "press/learn/training.hpp"

namespace {

// The BLAS library this process has mapped (LibTorch loads it through libblas.so.3).
std::string blas_in_use() {
  std::ifstream maps("/proc/self/maps");
  std::string line, found = "unknown";
  while (std::getline(maps, line)) {
    const auto p = line.find('/');
    if (p == std::string::npos) continue;
    const std::string path = line.substr(p);
    if (path.find("libopenblas") != std::string::npos || path.find("libblas.so") != std::string::npos) found = path;
    if (path.find("libopenblas") != std::string::npos) break;
  }
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Training throughput (samples/s) of one architecture with the library's loss and optimiser step.");
  std::string arch = "cnn_l1_none";
  int grid = 128, batch = 32, steps = 20, warmup = 3, threads = 1;
  double lambda = 0.1;
  app.add_option("--arch", arch);
  app.add_option("--grid", grid);
  app.add_option("--batch", batch);
  app.add_option("--steps", steps, "timed steps");
  app.add_option("--warmup", warmup, "untimed steps first");
  app.add_option("--threads", threads);
  app.add_option("--lambda", lambda);
  CLI11_PARSE(app, argc, argv);
  press::init_torch_runtime(threads);
  torch::manual_seed(0);

  press::ModelSettings s;
  s.arch = arch;
  s.grid = grid;
  s.inputs = {"u"};
  s.mlp_hidden = {1024, 512, 128};
  const press::KineticsInfo& gm = press::kinetics_info(press::kinetics_id<press::Murray>);  // Table 1's box
  s.ranges.names = press::param_names(press::kinetics_id<press::Murray>);
  for (int j = 0; j < gm.n_params; ++j) s.ranges.lo.push_back(gm.box[j][0]), s.ranges.hi.push_back(gm.box[j][1]);
  press::PressNet net(s);
  net->train();
  press::FusedAdam opt(net->parameters(), torch::optim::AdamOptions(1e-3));
  const auto u = torch::rand({batch, grid, grid}) + 0.2;
  const auto v = u * u + 0.01 * torch::rand({batch, grid, grid});
  const auto x = u.unsqueeze(1);
  const auto target = torch::rand({batch, 4});
  const auto lo = torch::tensor({0.01f, 0.4f, 0.02f, 20.0f}), span = torch::tensor({0.69f, 1.6f, 6.98f, 180.0f});
  const press::PhysicsOptions phys;
  const auto fields = press::PatternFields::of(u, v, phys);  // once, as train does
  auto step = [&] {
    const auto loss = press::press_loss(net->forward(x), target, fields, lo, span, lambda, phys);
    opt.clear_grads();
    loss.total.backward();
    opt.step();
  };
  for (int i = 0; i < warmup; ++i) step();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) step();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "arch=" << arch << " grid=" << grid << " batch=" << batch << " threads=" << threads
            << " samples_per_s=" << steps * batch / secs << " blas=" << blas_in_use() << "\n";
}
