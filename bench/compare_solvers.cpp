// compare_solvers: per-sample agreement of a CPU and a GPU shard of the same rows
// (bench/compare_solvers.sh runs both backends; the Snakemake target compare_solvers).
#include <cmath>

#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "press/report/solver_compare.hpp"
#include "press/app/tool.hpp"
#include "press/learn/torch_runtime.hpp"

int main(int argc, char** argv) {
  press::Tool tool("compare_solvers",
                   "Compare a CPU (FFTW) and a GPU (cuFFT) shard of the same rows sample by sample and write "
                   "results/bench/solvers.csv; without a GPU shard, say why in the file.",
                   {.threads = true, .seed = false});
  press::SolverRun cpu, gpu;
  std::string out;
  auto& app = tool.app();
  app.add_option("--cpu", cpu.shard, "shard from simulate --solver cpu")->required();
  app.add_option("--cpu-seconds", cpu.seconds, "wall seconds of that simulate call")
      ->required()
      ->check(press::kFiniteNonNegative);
  app.add_option("--cpu-threads", cpu.threads, "threads of that simulate call")
      ->required()
      ->check(CLI::Range(1, 1024));
  app.add_option("--gpu", gpu.shard, "shard from simulate --solver gpu");
  app.add_option("--gpu-seconds", gpu.seconds, "wall seconds of that simulate call")->check(press::kFiniteNonNegative);
  app.add_option("--gpu-error", gpu.error, "why there is no GPU shard (written into the file)");
  app.add_option("--out", out, "output CSV")->required();
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    press::refuse_outputs_on_inputs({{"--out", out}}, {{"--cpu", cpu.shard}, {"--gpu", gpu.shard}});
    press::init_torch_runtime(ctx.threads);
    if (gpu.shard.empty() && gpu.error.empty()) gpu.error = "no --gpu shard given";
    press::compare_solver_shards(cpu, gpu, out);
    ctx.log.summary(gpu.shard.empty() ? "cpu only: " + gpu.error : "cpu and gpu compared");
  });
}
