// discover_kinetics: a two-species system's kinetics from simulate's frames, by sparse regression
// on a monomial library and by fitting every kinetics press knows (issue 24; docs/binn.md).
#include <cmath>
#include <optional>

#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/core/rng.hpp"
#include "press/discover/kinetics_discovery.hpp"

int main(int argc, char** argv) {
  press::Tool tool("discover_kinetics",
                   "From the frames of a simulate shard (simulate.frame_every > 0, one parameter set): u_t and v_t by "
                   "central differences, lap by the 9-point stencil; (1) sequential thresholded least squares of u_t "
                   "and v_t on lap u, lap v and the monomials of (u, v) to degree 3, scored against the truth's "
                   "coefficients; (2) every kinetics press knows fitted to the same derivatives (parameters and D_u, "
                   "Levenberg-Marquardt from binn.kinetics_starts starts), ranked by AICc. Both on the pointwise equations, "
                   "or (binn.weak_width, binn.weak_frames > 0) on their weak form: every term integrated against "
                   "compact test functions, which averages the derivatives' noise.",
                   {.threads = false, .seed = true});
  std::string data, terms, ranking, summary;
  std::vector<std::size_t> rows;
  double level = 0;
  auto& app = tool.app();
  app.add_option("--data", data, "simulate's HDF5 shard with frames")->required();
  app.add_option("--rows", rows, "the trajectories to use (default: every ok one; they must share their parameters)");
  app.add_option("--noise", level, "observation noise: N(0, (level x the trajectory's range)^2) on u and v (default 0)")
      ->check(press::kFiniteNonNegative);
  app.add_option("--terms", terms, "output CSV: equation, term, coefficient, active, truth")->required();
  app.add_option("--ranking", ranking, "output CSV: the kinetics ranked by AICc, with their fitted parameters")->required();
  app.add_option("--summary", summary,
                 "also write one row: the truth, the noise, the sparse fit's scores, the first kinetics, the truth's rank "
                 "(ties, e.g. murray and printed_eq3, share a rank), the AICc margin to the first untied runner-up and "
                 "the truth's fitted parameters' largest relative error, the noise's estimated sd and, with SIMEX, the "
                 "corrected parameters' error");
  std::string simex_out;
  app.add_option("--simex", simex_out,
                 "with binn.simex_draws > 0: output CSV of SIMEX on the first kinetics (of tied ones, the shard's own; "
                 "each parameter and D_u: the truth, the fit at added noise zeta sigma^2 for zeta 0, 0.5, 1, 1.5, 2, "
                 "and the extrapolation to -1)");
  tool.override_key(app.add_option("--threshold", "overrides binn.sindy_threshold"), "binn.sindy_threshold");
  tool.override_key(app.add_option("--starts", "overrides binn.kinetics_starts"), "binn.kinetics_starts");
  tool.override_key(app.add_option("--weak-width", "overrides binn.weak_width"), "binn.weak_width");
  tool.override_key(app.add_option("--weak-frames", "overrides binn.weak_frames"), "binn.weak_frames");
  tool.override_key(app.add_option("--simex-draws", "overrides binn.simex_draws"), "binn.simex_draws");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    std::vector<press::NamedPath> outs{{"--terms", terms}, {"--ranking", ranking}};
    if (!summary.empty()) outs.emplace_back("--summary", summary);
    const int draws = static_cast<int>(ctx.cfg.get<long>("binn.simex_draws"));
    if (!simex_out.empty()) outs.emplace_back("--simex", simex_out);
    if (draws > 0 && simex_out.empty())
      press::fail("{}: key 'binn.simex_draws': value {}: expected --simex FILE to write its result to", ctx.cfg.origin(), draws);
    if (draws == 0 && !simex_out.empty())
      press::fail("--simex: value {}: expected binn.simex_draws > 0 (or --simex-draws N)", simex_out);
    press::refuse_outputs_on_inputs(outs, {{"--config", ctx.cfg.origin()}, {"--data", data}});
    press::check_noise_level("--noise", level);
    const auto seed = static_cast<std::uint32_t>(ctx.cfg.get<long>("seed"));
    const auto d = press::frame_derivatives(data, rows, level, seed);
    const int w = static_cast<int>(ctx.cfg.get<long>("binn.weak_width")), wt = static_cast<int>(ctx.cfg.get<long>("binn.weak_frames"));
    const press::TestFunctions tf(d, w, wt);
    ctx.log.info("{}: {} trajectories x {} interior frames ({} rows), frames {} apart, truth {}", data, d.trajectories,
                 d.frames, d.u.size(), d.frame_dt, press::kinetics_name(d.truth));
    if (tf.width() > 0 || tf.frames() > 0)
      ctx.log.info("weak form: test functions {} cells and {} frames wide each way, {} per equation", tf.width(),
                   tf.frames(), tf.rows());
    const double threshold = ctx.cfg.get<double>("binn.sindy_threshold");
    const auto pu = press::two_species_problem(d, false, tf), pv = press::two_species_problem(d, true, tf);
    const auto fu = press::stlsq(pu, threshold), fv = press::stlsq(pv, threshold);
    const auto truth = press::library_truth(d.truth, d.theta, d.s, d.v_floor);
    const auto su = press::score_sparse(fu, truth.u), sv = press::score_sparse(fv, truth.v);
    if (truth.polynomial)
      ctx.log.info("sparse regression: R^2 {:.6f} (u_t), {:.6f} (v_t); support right: {} (u), {} (v)", fu.r2, fv.r2,
                   su.support_right, sv.support_right);
    else
      ctx.log.info("sparse regression: R^2 {:.6f} (u_t), {:.6f} (v_t); the truth is not in the library", fu.r2, fv.r2);
    const auto fits = press::select_kinetics(d, static_cast<int>(ctx.cfg.get<long>("binn.kinetics_starts")), tf);
    const auto v = press::selection_verdict(fits, d);
    ctx.log.info("model selection: {} first (AICc {:.6g}; {} next, {:.3g} behind), the truth {} ranks {}",
                 press::kinetics_name(fits[0].kinetics), fits[0].aicc, press::kinetics_name(fits[v.runner_up].kinetics),
                 v.margin, press::kinetics_name(d.truth), v.true_rank);
    std::vector<std::pair<std::string, std::string>> texts{{terms, press::terms_csv(fu, fv, truth)},
                                                           {ranking, press::ranking_csv(fits)}};
    std::optional<press::SimexResult> sx;
    if (draws > 0) {
      // The first kinetics; of tied ones (one model under two names: murray and printed_eq3) the
      // shard's own, so that its correction can be scored.
      const press::KineticsFit& first = v.true_rank == 1 ? fits[v.truth] : fits[0];
      ctx.log.info("SIMEX on {}: noise sd estimated {:.4g} (u), {:.4g} (v); 4 added levels x {} draws",
                   press::kinetics_name(first.kinetics), d.sigma_u[0], d.sigma_v[0], draws);
      sx = press::simex(data, rows, level, seed, d, w, wt, first, draws);
      const double e = press::simex_param_err(*sx, d);
      if (!std::isnan(e)) ctx.log.info("SIMEX: the truth's parameters' largest relative error {:.4g} -> {:.4g}", v.true_param_err, e);
      texts.emplace_back(simex_out, press::simex_csv(*sx, d));
    }
    if (!summary.empty())
      texts.emplace_back(summary, press::two_species_summary_csv(d, level, tf, fu, fv, truth, fits, sx ? &*sx : nullptr));
    press::write_texts_atomic(texts);
    ctx.log.summary(fmt::format("{} first, the truth ranks {}", press::kinetics_name(fits[0].kinetics), v.true_rank));
  });
}
