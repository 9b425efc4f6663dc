// binn_ensemble: the BINN's seeds as one answer (issue 24): their learned D and G averaged, then the
// closed-form step and the re-simulation of the chosen equation, scored against the truth.
#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/discover/binn_ensemble.hpp"
#include "press/discover/discovery_row.hpp"
#include "press/discover/resim_fit.hpp"

int main(int argc, char** argv) {
  press::Tool tool("binn_ensemble",
                   "Average the learned D(u) and G(u) of several train_binn runs (seeds) on one noise level, pass the "
                   "mean curves through the closed-form step and re-simulate the chosen equation; writes curves.csv "
                   "(the mean and the seeds' sd), forms_diffusion.csv, forms_growth.csv and summary.csv (method "
                   "binn_ensemble, its seed column the number of seeds) to --out-dir.",
                   {.threads = false, .seed = false});
  std::string data_path, out_dir;
  std::vector<std::string> runs;
  double level = 0;
  auto& app = tool.app();
  app.add_option("--data", data_path, "binn_data's HDF5 file the runs learned from")->required();
  app.add_option("--noise", level, "the runs' noise level, one of the file's (default 0)");
  app.add_option("--out-dir", out_dir, "output directory")->required();
  app.add_option("runs", runs, "train_binn output directories, at least 2")->required();
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    // A run's files are never overwritten: --out-dir must not be one of the runs.
    const std::vector<std::string> files{"summary.csv", "curves.csv", "forms_diffusion.csv", "forms_growth.csv",
                                         "diffusion.csv", "growth.csv"};
    std::vector<press::NamedPath> outputs, inputs{{"--config", ctx.cfg.origin()}, {"--data", data_path}};
    for (const auto& f : files) {
      outputs.emplace_back("--out-dir", out_dir + "/" + f);
      for (const auto& r : runs) inputs.emplace_back("run", r + "/" + f);
    }
    press::refuse_outputs_on_inputs(outputs, inputs);
    const auto data = press::read_density_data(data_path);
    const auto resim = press::ResimSettings::from_config(ctx.cfg);
    press::resim_model(data, resim.fine);
    const auto e = press::ensemble_curves(runs);
    auto found = press::discover_from_curves("binn_ensemble", level, static_cast<long>(e.members), e.u, e.weight, e.d,
                                             e.g, data.law("diffusion", data_path), data.law("growth", data_path),
                                             ctx.cfg.get<int>("binn.max_form_size"));
    found.row.resim_rms = press::resim_error(data, {found.d_forms.front().law(), found.g_forms.front().law()}, resim);
    press::write_texts_atomic({{out_dir + "/curves.csv", press::ensemble_csv(e)},
                               {out_dir + "/forms_diffusion.csv", press::closed_forms_csv(found.d_forms, 10)},
                               {out_dir + "/forms_growth.csv", press::closed_forms_csv(found.g_forms, 10)},
                               {out_dir + "/summary.csv", press::discovery_csv({found.row})}});
    ctx.log.info("{} seeds: D = {} (form {}; max relative error {:.4g}), G = {} (form {}); re-simulated: RMS {:.4g} "
                 "against the clean frames -> {}",
                 e.members, found.row.d.expr, found.row.d.form_right ? "right" : "wrong", found.row.d.max_rel,
                 found.row.g.expr, found.row.g.form_right ? "right" : "wrong", found.row.resim_rms, out_dir);
    ctx.log.summary(fmt::format("D = {}", found.row.d.expr));
  });
}
