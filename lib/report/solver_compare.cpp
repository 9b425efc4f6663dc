#include "press/report/solver_compare.hpp"

#include <cmath>

#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "press/learn/physics.hpp"
#include "press/io/shard_io.hpp"
#include "press/sim/solver.hpp"

namespace press {

namespace {

struct Loaded {
  Shard<double> s;
  std::vector<double> residual;
};

Loaded load(const std::string& path) {
  Loaded l;
  ShardAttrs attrs;
  l.s = read_shard<double>(path, &attrs);
  const auto n = static_cast<std::int64_t>(l.s.count()), g = static_cast<std::int64_t>(l.s.n);
  const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  const auto u = torch::from_blob(l.s.u.data(), {n, g, g}, opts), v = torch::from_blob(l.s.v.data(), {n, g, g}, opts);
  std::vector<double> th;
  for (const auto& p : l.s.params) th.insert(th.end(), p.begin(), p.end());
  const auto theta = torch::from_blob(th.data(), {n, n ? l.s.params[0].size() : 1}, opts);
  const auto r = residual_per_sample(u, v, theta, PhysicsOptions(grid_physics_of(attrs, path))).contiguous();
  l.residual.assign(r.data_ptr<double>(), r.data_ptr<double>() + n);
  return l;
}

std::string per_sample(const SolverRun& run, std::size_t count) {
  return run.shard.empty() ? "" : fmt::format("{:.6g}", run.seconds / static_cast<double>(count));
}

}  // namespace

void compare_solver_shards(const SolverRun& cpu, const SolverRun& gpu, const std::string& out) {
  if (cpu.shard.empty()) fail("compare_solvers: the CPU shard is required");
  const Loaded c = load(cpu.shard);
  std::string text;
  for (const auto* run : {&cpu, &gpu})
    if (run->shard.empty())
      text += fmt::format("# {} backend did not run: {}\n", run == &cpu ? "cpu" : "gpu", run->error);
  text += fmt::format("# wall seconds: cpu {:.3f} ({} threads), gpu {}; samples {}\n", cpu.seconds, cpu.threads,
                      gpu.shard.empty() ? "-" : fmt::format("{:.3f}", gpu.seconds), c.s.count());
  text += "id,status_cpu,status_gpu,same_status,max_abs_du,mean_abs_du,max_abs_dv,residual_cpu,residual_gpu,"
          "residual_diff,steps_cpu,steps_gpu,seconds_per_sample_cpu,seconds_per_sample_gpu\n";
  Loaded g;
  if (!gpu.shard.empty()) {
    g = load(gpu.shard);
    if (g.s.id != c.s.id || g.s.n != c.s.n)
      fail("{}: ids or grid differ from {}: expected the same rows on both backends", gpu.shard, cpu.shard);
  }
  const std::size_t cells = static_cast<std::size_t>(c.s.n) * c.s.n;
  for (std::size_t i = 0; i < c.s.count(); ++i) {
    const auto& rc = c.s.results[i];
    text += fmt::format("{},{},", c.s.id[i], status_name(rc.status));
    if (gpu.shard.empty()) {
      text += fmt::format(",,,,,{:.6g},,,{},,{},\n", c.residual[i], rc.steps, per_sample(cpu, c.s.count()));
      continue;
    }
    const auto& rg = g.s.results[i];
    double max_du = 0, sum_du = 0, max_dv = 0;
    for (std::size_t k = i * cells; k < (i + 1) * cells; ++k) {
      const double du = std::fabs(c.s.u[k] - g.s.u[k]), dv = std::fabs(c.s.v[k] - g.s.v[k]);
      max_du = std::max(max_du, du);
      max_dv = std::max(max_dv, dv);
      sum_du += du;
    }
    text += fmt::format("{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{},{},{}\n", status_name(rg.status),
                        rc.status == rg.status ? 1 : 0, max_du, sum_du / static_cast<double>(cells), max_dv,
                        c.residual[i], g.residual[i], g.residual[i] - c.residual[i], rc.steps, rg.steps,
                        per_sample(cpu, c.s.count()), per_sample(gpu, c.s.count()));
  }
  write_text_atomic(out, text);
}

}  // namespace press
