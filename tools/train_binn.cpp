// train_binn: learn D(u) and G(u) from density data with a BINN (issue 24; BINN.md).
#include <optional>

#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/discover/discovery_row.hpp"
#include "press/discover/resim_fit.hpp"
#include "press/dynamics/binn_training.hpp"
#include "press/learn/torch_runtime.hpp"

int main(int argc, char** argv) {
  press::Tool tool("train_binn",
                   "Train a biologically-informed neural network (a surrogate u(x, y, t), D(u) and G(u) networks, the "
                   "residual u_t - div(D grad u) - G u by autograd) on one noise level of binn_data's file, then the "
                   "closed-form step on the learned D and G; writes model.pt, log.csv, settings.yaml, the curves "
                   "diffusion.csv and growth.csv (u, f, weight, truth), the ranked forms forms_diffusion.csv and "
                   "forms_growth.csv, and summary.csv (the discovery row, against the truth, with the chosen forms' "
                   "equation re-simulated against the clean frames) to --out-dir.",
                   {.threads = true, .seed = false});
  std::string data_path, out_dir;
  double level = 0;
  std::optional<long> seed;
  auto& app = tool.app();
  app.add_option("--data", data_path, "binn_data's HDF5 file")->required();
  app.add_option("--noise", level, "the noise level to learn from, one of the file's (default 0)");
  app.add_option("--out-dir", out_dir, "model directory")->required();
  app.add_option("--seed", seed, "split and initialisation seed, 0 to 2147483647 (default: binn.seeds' first)");
  tool.override_key(app.add_option("--epochs", "overrides binn.epochs"), "binn.epochs");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    if (seed && (*seed < 0 || *seed > 2147483647)) press::fail("--seed {}: expected 0 to 2147483647", *seed);
    auto s = press::BinnTrainSettings::from_config(ctx.cfg);
    s.seed = static_cast<std::uint32_t>(seed ? *seed : ctx.cfg.get<std::vector<long>>("binn.seeds").at(0));
    press::refuse_outputs_on_inputs({{"--out-dir", out_dir + "/model.pt"}, {"--out-dir", out_dir + "/diffusion.csv"}},
                                    {{"--config", ctx.cfg.origin()}, {"--data", data_path}});
    press::init_torch_runtime(ctx.threads);
    const auto data = press::read_density_data(data_path);
    const auto resim = press::ResimSettings::from_config(ctx.cfg);
    press::resim_model(data, resim.fine);  // the re-simulation's grid nests, before any training
    const auto sum = press::train_binn(s, data, data.level_index(level, "--noise"), data_path, out_dir, ctx.log);
    const auto& c = sum.curves;
    auto found = press::discover_from_curves("binn", level, s.seed, c.u, c.weight, c.d, c.g,
                                                   data.law("diffusion", data_path), data.law("growth", data_path),
                                                   ctx.cfg.get<int>("binn.max_form_size"));
    found.row.resim_rms = press::resim_error(data, {found.d_forms.front().law(), found.g_forms.front().law()}, resim);
    press::write_texts_atomic({{out_dir + "/forms_diffusion.csv", press::closed_forms_csv(found.d_forms, 10)},
                               {out_dir + "/forms_growth.csv", press::closed_forms_csv(found.g_forms, 10)},
                               {out_dir + "/summary.csv", press::discovery_csv({found.row})}});
    ctx.log.info("closed forms: D = {} (form {}), G = {} (form {}); re-simulated: RMS {:.4g} against the clean frames",
                 found.row.d.expr, found.row.d.form_right ? "right" : "wrong", found.row.g.expr,
                 found.row.g.form_right ? "right" : "wrong", found.row.resim_rms);
    ctx.log.info("best epoch {} (validation {:.6g}); D: max relative error {:.4g}, {:.0f}% within 5%; G: {:.4g}, "
                 "{:.0f}% -> {}", sum.best_epoch + 1, sum.best_val, found.row.d.max_rel, 100 * found.row.d.within5,
                 found.row.g.max_rel, 100 * found.row.g.within5, out_dir);
    ctx.log.summary(fmt::format("{} epochs", sum.epochs));
  });
}
