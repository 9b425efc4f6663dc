#include "press/sim/simulate.hpp"

#include <algorithm>
#include <chrono>

#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/sim/fftw_plan.hpp"
#include "press/core/log.hpp"
#include "press/core/rng.hpp"
#include "press/io/shard_io.hpp"

namespace press {

SimulateRequest SimulateRequest::from_config(const Config& cfg, int threads) {
  SimulateRequest r;
  r.solver = cfg.get<std::string>("simulate.solver");
  r.precision = cfg.get<std::string>("simulate.precision");
  r.seed = static_cast<std::uint32_t>(cfg.get<long>("seed"));
  r.threads = threads;
  r.progress_seconds = cfg.get<double>("simulate.progress_seconds");
  r.fftw.planner = cfg.get<std::string>("simulate.fftw_planner");
  r.initial = InitialCondition::from_config(cfg);
  // reproducible: strict: FFTW's estimate planner picks its plan without timing anything, so
  // every CPU runs the same algorithm (measure and patient plans, and wisdom, differ by machine).
  r.strict = cfg.get<std::string>("reproducible") == "strict";
  if (r.strict) r.fftw.planner = "estimate";
  return r;
}

namespace {

ShardAttrs shard_attrs(const SimSettings& st, const SimulateRequest& req) {
  ShardAttrs a;
  a.numbers = {{"grid", st.n},
               {"dx", st.dx},
               {"s", st.s},
               {"dt", st.dt},
               {"t_max", st.dt * static_cast<double>(st.max_steps)},
               {"max_steps", static_cast<double>(st.max_steps)},
               {"noise_sigma", st.noise_sigma},
               {"v_floor", st.v_floor},
               {"early_stop", st.early_stop ? 1.0 : 0.0},
               {"early_stop_tol", st.early_stop_tol},
               {"check_every", st.check_every},
               {"blowup_threshold", st.blowup_threshold},
               {"homogeneous_tol", st.homogeneous_tol},
               {"frame_every", static_cast<double>(st.frame_every)},
               {"seed", static_cast<double>(req.seed)}};
  a.strings = {{"precision", req.precision},
               {"solver", req.solver},
               {"kinetics", kinetics_name(st.kinetics)},
               {"integrator", st.integrator == Integrator::euler9 ? "euler9" : "spectral"},
               {"initial", req.initial.name()},
               {"fftw_planner", req.solver == "cpu" ? req.fftw.planner : "n/a"},
               {"press_version", PRESS_VERSION}};
  return a;
}

template <typename Real>
std::unique_ptr<Solver<Real>> make_solver(const SimSettings& st, const SimulateRequest& req) {
  if (st.integrator == Integrator::euler9) return make_euler_solver<Real>(st, req.threads);
  if (req.solver == "gpu") return make_cuda_solver<Real>(st);
  return make_fftw_solver<Real>(st, req.threads, req.strict ? FftwOptions{"estimate", ""} : req.fftw);
}

template <typename Real>
SimulateSummary run_shard(const SimSettings& st, const SimulateRequest& req, const ParamTable& turing,
                          const std::string& out_path, const Log& log) {
  // u*, v*: lsa_filter's columns, or for a table without them (a system without a Turing
  // instability, simulated from candidates.csv), the homogeneous state itself.
  const bool has_star = std::find(turing.extra_columns.begin(), turing.extra_columns.end(), "u_star") != turing.extra_columns.end();
  const std::size_t iu = has_star ? turing.column("u_star", "turing table") : 0;
  const std::size_t iv = has_star ? turing.column("v_star", "turing table") : 0;
  const std::size_t first = std::min(req.first, turing.rows.size());
  const std::size_t count = std::min(req.count, turing.rows.size() - first);
  const std::int64_t cells = static_cast<std::int64_t>(st.n) * st.n;

  Shard<Real> shard;
  shard.n = st.n;
  shard.u.resize(count * static_cast<std::size_t>(cells));
  shard.v.resize(shard.u.size());
  shard.results.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const ParamRow& row = turing.rows[first + i];
    shard.id.push_back(row.id);
    shard.params.push_back(row.p);
    const SteadyState ss = has_star ? SteadyState{row.extra[iu], row.extra[iv]} : steady_state(st.kinetics, row.p);
    req.initial.fill<Real>(req.seed, row.id, ss.u, ss.v, st.n, shard.u.data() + i * cells, shard.v.data() + i * cells);
  }
  std::vector<double> times(static_cast<std::size_t>(st.frames()));
  for (std::size_t k = 0; k < times.size(); ++k) times[k] = st.dt * static_cast<double>(k * st.frame_every);
  ShardWriter<Real> writer(out_path, count, st.n, times);  // the frames stream in as the solver runs

  auto solver = make_solver<Real>(st, req);
  log.info("simulating rows {}..{} ({} samples) on {} ({}, {}x{}, {} steps max, {} threads)", first,
           first + count, count, solver->name(), req.precision, st.n, st.n, st.max_steps,
           req.solver == "cpu" ? req.threads : 1);
  Progress progress(log, "samples", static_cast<std::int64_t>(count), req.progress_seconds);
  const auto t0 = std::chrono::steady_clock::now();
  solver->run(shard.params.data(), static_cast<std::int64_t>(count), shard.u.data(), shard.v.data(),
              shard.results.data(), [&](std::int64_t done) { progress.update(done); },
              times.empty() ? FrameSink<Real>()
                            : [&](std::int64_t i, std::int64_t k, const Real* u, const Real* v) {
                                writer.frame(static_cast<std::size_t>(i), static_cast<std::size_t>(k), u, v);
                              });
  SimulateSummary sum;
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sum.samples = static_cast<std::int64_t>(count);
  for (const auto& r : shard.results) {
    sum.steps += r.steps;
    sum.status_counts[static_cast<int>(r.status)]++;
    if (r.status != Status::ok) continue;
    sum.max_dudt.push_back(r.max_dudt);
    sum.early_stopped += r.steps < st.max_steps;
  }
  std::sort(sum.max_dudt.begin(), sum.max_dudt.end());
  writer.finish(shard, shard_attrs(st, req));
  return sum;
}

}  // namespace

double SimulateSummary::us_per_step(const std::string& solver, int threads) const {
  if (steps <= 0) return 0;
  return 1e6 * seconds * (solver == "gpu" ? 1 : threads) / static_cast<double>(steps);
}

const char* SimulateSummary::us_per_step_unit(const std::string& solver) {
  return solver == "gpu" ? "us/step/sample" : "us/step/thread";
}

std::string SimulateSummary::dudt_quantiles() const {
  if (max_dudt.empty()) return "n/a";
  auto q = [&](double f) { return max_dudt[static_cast<std::size_t>(f * static_cast<double>(max_dudt.size() - 1))]; };
  return fmt::format("min {:.2e}, p10 {:.2e}, p50 {:.2e}, p90 {:.2e}, max {:.2e}", q(0), q(0.1), q(0.5), q(0.9),
                     max_dudt.back());
}

SimulateSummary simulate_shard(const SimSettings& st, const SimulateRequest& req, const ParamTable& turing,
                               const std::string& out_path, const Log& log) {
  if (req.precision == "float32") return run_shard<float>(st, req, turing, out_path, log);
  return run_shard<double>(st, req, turing, out_path, log);
}

void plan_fftw(int n, const std::string& precision, const FftwOptions& fftw) {
  if (precision == "float32") FftwPlan<float>(n, fftw.planner, fftw.wisdom);
  else FftwPlan<double>(n, fftw.planner, fftw.wisdom);
}

}  // namespace press
