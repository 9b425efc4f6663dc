// resim_fit: equation discovery by re-simulation (issue 24): every form of D(u) with each of
// binn.resim_growth_forms for G(u), simulated by the density solver and fitted to binn_data's
// frames at one noise level; ranked by AICc.
#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/discover/discovery_row.hpp"
#include "press/discover/resim_fit.hpp"
#include "press/metrics/metrics.hpp"

int main(int argc, char** argv) {
  press::Tool tool("resim_fit",
                   "Output-error equation discovery on binn_data's frames at one noise level: each candidate pair "
                   "(D of every form, G of each binn.resim_growth_forms) is simulated from the cos^2 bump and its "
                   "coefficients and amplitude fitted (BOBYQA) to the frames; writes the candidates ranked by AICc.",
                   {.threads = false, .seed = false});
  std::string data, out, summary, frames;
  double level = 0;
  auto& app = tool.app();
  app.add_option("--data", data, "binn_data's HDF5 file")->required();
  app.add_option("--noise", level, "the noise level to fit, one of the file's (default 0)");
  app.add_option("--out", out, "output CSV: the candidates, best first")->required();
  app.add_option("--summary", summary, "also write the discovery row (method resim): the best pair against the truth");
  app.add_option("--frames", frames, "also write the best pair's re-simulated frames beside the observed and clean ones");
  tool.override_key(app.add_option("--fine", "overrides binn.resim_fine"), "binn.resim_fine");
  tool.override_key(app.add_option("--max-evals", "overrides binn.resim_max_evals"), "binn.resim_max_evals");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    std::vector<press::NamedPath> outs{{"--out", out}};
    if (!summary.empty()) outs.emplace_back("--summary", summary);
    if (!frames.empty()) outs.emplace_back("--frames", frames);
    press::refuse_outputs_on_inputs(outs, {{"--config", ctx.cfg.origin()}, {"--data", data}});
    const auto d = press::read_density_data(data);
    const std::size_t li = d.level_index(level, "--noise");
    const auto s = press::ResimSettings::from_config(ctx.cfg);
    press::resim_model(d, s.fine);  // the grids nest, before any simulation
    std::vector<press::LawForm> g_forms;
    for (const auto& f : ctx.cfg.get<std::vector<std::string>>("binn.resim_growth_forms"))
      g_forms.push_back(press::law_form_from_name(f, "binn.resim_growth_forms"));
    const auto fits = press::rank_by_resimulation(d, li, g_forms, s, [&](const press::ResimFit& f) {
      ctx.log.info("D = {}, G = {}: RMS {:.4g} against the data, AICc {:.1f}, {} simulations, {:.1f} s", f.diffusion.text(),
                   f.growth.text(), f.rms_observed, f.aicc, f.evals, f.seconds);
    });
    std::vector<std::pair<std::string, std::string>> texts{{out, press::resim_csv(fits)}};
    const auto& best = fits.front();
    if (!summary.empty()) {
      const auto d_true = d.law("diffusion", data), g_true = d.law("growth", data);
      press::DiscoveryRow row{"resim", press::law_form_name(d_true.form), level, 0, {}, {}};
      const auto us = press::percentile_grid(d.level(li), 200);
      press::score_law(best.diffusion, d_true, us, row.d);
      press::score_law(best.growth, g_true, us, row.g);
      row.resim_rms = best.rms_clean;
      texts.emplace_back(summary, press::discovery_csv({row}));
    }
    if (!frames.empty()) texts.emplace_back(frames, press::resim_frames_csv(d, li, best, s));
    press::write_texts_atomic(texts);
    ctx.log.info("best: D = {}, G = {} (RMS {:.4g} against the data, {:.4g} against the clean frames) -> {}",
                 best.diffusion.text(), best.growth.text(), best.rms_observed, best.rms_clean, out);
    ctx.log.summary(fmt::format("D = {}", best.diffusion.text()));
  });
}
