// sindy: sparse regression of u_t on a library of terms, straight on density data (issue 24).
#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/discover/resim_fit.hpp"
#include "press/discover/sindy.hpp"
#include "press/metrics/metrics.hpp"

int main(int argc, char** argv) {
  press::Tool tool("sindy",
                   "Sequential thresholded least squares (SINDy) of u_t on 1, u, u^2, u^3, lap u, u lap u, u^2 lap u, "
                   "|grad u|^2, u |grad u|^2 by finite differences on binn_data's frames at one noise level; writes "
                   "the coefficients and reads D(u) and G(u) off them.",
                   {.threads = false, .seed = false});
  std::string data, out;
  double level = 0;
  auto& app = tool.app();
  app.add_option("--data", data, "binn_data's HDF5 file")->required();
  app.add_option("--noise", level, "the noise level to regress, one of the file's (default 0)");
  app.add_option("--out", out, "output CSV: term, coefficient, active")->required();
  std::string summary;
  app.add_option("--summary", summary,
                 "also write the discovery row (method sindy): D and G against the truth, and the equation as found "
                 "re-simulated (binn.resim_fine) against the clean frames");
  tool.override_key(app.add_option("--threshold", "overrides binn.sindy_threshold"), "binn.sindy_threshold");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    std::vector<press::NamedPath> outs{{"--out", out}};
    if (!summary.empty()) outs.emplace_back("--summary", summary);
    press::refuse_outputs_on_inputs(outs, {{"--config", ctx.cfg.origin()}, {"--data", data}});
    const auto d = press::read_density_data(data);
    const std::size_t li = d.level_index(level, "--noise");
    const auto problem = press::density_library(d, li);
    const auto fit = press::stlsq(problem, ctx.cfg.get<double>("binn.sindy_threshold"));
    std::vector<std::pair<std::string, std::string>> texts{{out, press::sindy_csv(problem, fit)}};
    const auto eq = press::sindy_equation(fit);
    if (!summary.empty()) {
      const auto d_true = d.law("diffusion", data), g_true = d.law("growth", data);
      press::DiscoveryRow row{"sindy", press::law_form_name(d_true.form), level, 0, {}, {}};
      press::score_sindy(fit, d_true, g_true, press::percentile_grid(d.level(li), 200), row);
      row.resim_rms = press::resim_error(d, eq, press::ResimSettings::from_config(ctx.cfg));
      ctx.log.info("re-simulated: u_t = {}: RMS {:.4g} against the clean frames", eq.text(), row.resim_rms);
      texts.emplace_back(summary, press::discovery_csv({row}));
    }
    press::write_texts_atomic(texts);
    ctx.log.info("{} rows, {} rounds, R^2 {:.6f}: D(u) = {}, G(u) = {} -> {}", problem.ut.size(), fit.rounds, fit.r2,
                 eq.diffusion.text(), eq.growth.text(), out);
    ctx.log.summary(fmt::format("R^2 {:.4f}", fit.r2));
  });
}
