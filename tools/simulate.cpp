// simulate: integrate Turing-unstable parameter sets to steady state and write an HDF5 shard.
#include "press/core/error.hpp"
#include "press/io/param_csv.hpp"
#include "press/sim/simulate.hpp"
#include "press/core/atomic_file.hpp"
#include "press/app/tool.hpp"

int main(int argc, char** argv) {
  press::Tool tool("simulate",
                   "Integrate rows of turing.csv with the semi-implicit spectral scheme (PRESS Eq. 5-6) "
                   "and write one HDF5 shard.",
                   {.threads = true, .seed = true});
  std::string in, out, wisdom;
  long long first = 0, count = -2;  // -2: not given (to the end)
  bool plan_only = false;
  auto& app = tool.app();
  auto* in_opt = app.add_option("--in", in, "turing CSV (id, the kinetics' parameters, u_star, v_star, ...); without u_star, v_star (e.g. candidates.csv) the homogeneous state");
  auto* out_opt = app.add_option("--out", out, "output shard (HDF5)");
  auto* first_opt = app.add_option("--first", first, "first row of --in to simulate (0-based position)");
  auto* count_opt = app.add_option("--count", count, "number of rows to simulate (default: to the end)");
  tool.override_key(app.add_option("--solver", "cpu (FFTW) or gpu (cuFFT); overrides simulate.solver"),
                    "simulate.solver");
  tool.override_key(app.add_option("--precision", "float32 or float64; overrides simulate.precision"),
                    "simulate.precision");
  tool.override_key(app.add_option("--t-max", "integration time; overrides simulate.t_max"), "simulate.t_max");
  tool.override_key(app.add_option("--initial", "noise, rectangles or random_rectangles; overrides simulate.initial"),
                    "simulate.initial");
  tool.override_key(app.add_option("--frame-every", "save a frame every K steps (0: none); overrides simulate.frame_every"),
                    "simulate.frame_every");
  tool.override_key(app.add_option("--early-stop", "true or false; overrides simulate.early_stop"),
                    "simulate.early_stop");
  app.add_option("--wisdom", wisdom, "FFTW wisdom file: imported if present, written after planning");
  app.add_flag("--plan-only", plan_only, "only plan the FFTs and write --wisdom, then exit (no --in, --out)")
      ->excludes(in_opt)
      ->excludes(out_opt)
      ->excludes(first_opt)
      ->excludes(count_opt);
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    press::refuse_outputs_on_inputs({{"--out", out}, {"--wisdom", wisdom}}, {{"--in", in}, {"--config", ctx.cfg.origin()}});
    const auto st = press::SimSettings::from_config(ctx.cfg);
    auto req = press::SimulateRequest::from_config(ctx.cfg, ctx.threads);
    req.fftw.wisdom = wisdom;
    if (plan_only) {
      if (wisdom.empty()) press::fail("--plan-only needs --wisdom FILE");
      press::plan_fftw(st.n, req.precision, req.fftw);
      ctx.log.info("FFTW wisdom for {0}x{0} {1} ({2}) -> {3}", st.n, req.precision, req.fftw.planner, wisdom);
      return;
    }
    if (in.empty() || out.empty()) press::fail("--in and --out are required (unless --plan-only)");
    const auto turing = press::read_param_table(in, press::param_names(st.kinetics));  // u_star, v_star optional
    if (first < 0) press::fail("--first {}: expected a row position >= 0", first);
    if (count != -2 && count < 1) press::fail("--count {}: expected at least 1 row", count);
    if (static_cast<std::size_t>(first) >= turing.rows.size() && !turing.rows.empty())
      press::fail("--first {}: expected a row position below {} (rows in {})", first, turing.rows.size(), in);
    req.first = static_cast<std::size_t>(first);
    req.count = count == -2 ? SIZE_MAX : static_cast<std::size_t>(count);
    const auto sum = press::simulate_shard(st, req, turing, out, ctx.log);
    ctx.log.info("status: ok {}, blowup {}, homogeneous {} -> {}", sum.status_counts[0], sum.status_counts[1],
                 sum.status_counts[2], out);
    ctx.log.info("ok samples: {} met the early-stop test; final max|du/dt|: {}", sum.early_stopped,
                 sum.dudt_quantiles());
    ctx.log.summary(fmt::format("{} samples, {} steps, {:.4g} samples/s, {:.4g} {}", sum.samples, sum.steps,
                                sum.samples / std::max(sum.seconds, 1e-9), sum.us_per_step(req.solver, req.threads),
                                press::SimulateSummary::us_per_step_unit(req.solver)));
  });
}
