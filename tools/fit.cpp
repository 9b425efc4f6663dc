// fit: the parameters of each pattern by least squares on the stationary equations (NOTES 6),
// with no training. On press shards or dataset.h5 (true parameters known): per-sample estimates
// and one metrics row in evaluate's format. On a user's files (PNG, TIFF, .npy, HDF5 with
// --h5-dataset, CSV): predict --fit's rows.
#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "press/predict/estimate.hpp"
#include "press/fit/fit_stage.hpp"
#include "press/app/tool.hpp"

int main(int argc, char** argv) {
  press::Tool tool("fit",
                   "Fit the kinetics' parameters (Gierer-Meinhardt: a, b, c, delta) to each pattern of press shards or "
                   "of dataset.h5 rows (--list) by least squares on the steady-state equations; write per-sample estimates (--out) and a metrics row "
                   "(--metrics).",
                   {.threads = true, .seed = true});
  press::FitRequest req;       // press data
  press::EstimateRequest user;  // a user's files
  std::string input = "u", denoise = "none";
  std::vector<double> range;
  auto& app = tool.app();
  app.add_option("data", req.data, "press shards, or one dataset.h5 with --list; or a user's .png/.tif/.npy/.csv/.h5")
      ->required();
  app.add_option("--value-range", range, "user images: LO HI, integer intensity 0 -> u = LO, the maximum -> HI")
      ->expected(2);
  app.add_option("--h5-dataset", user.read.h5_dataset, "user HDF5 files: the dataset to fit (2-D, or N x H x W)");
  app.add_option("--list", req.list, "a split list (CSV of ids, e.g. DIR/splits/test.csv) selecting dataset.h5 rows");
  app.add_option("--out", req.out, "per-sample CSV: true and fitted parameters, residual, evaluations, status")
      ->required();
  app.add_option("--metrics", req.metrics, "metrics CSV (evaluate's columns, arch fit_<variant>)");
  app.add_option("--split", req.split, "the split name the metrics row carries (default test)");
  app.add_option("--input", input, "u: from u alone (v solved from the v-equation; other kinetics: from the u-equation); uv: from u and v")
      ->check(CLI::IsMember({"u", "uv"}));
  app.add_option("--denoise", denoise, "none, or band: residuals projected onto |k| <= fit.band x the peak wavenumber")
      ->check(CLI::IsMember({"none", "band"}));
  app.add_option("--noise", req.noise, "observation noise: sigma = LEVEL x (max - min) of each field (default 0)");
  tool.override_key(app.add_option("--laplacian", "spectral or fd; overrides fit.laplacian"), "fit.laplacian");
  tool.override_key(app.add_option("--scaling", "bounds or split; overrides metrics.scaling"), "metrics.scaling");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    std::vector<press::NamedPath> ins{{"--list", req.list}, {"--config", ctx.cfg.origin()}};
    for (const auto& f : req.data) ins.emplace_back("file", f);
    press::refuse_outputs_on_inputs({{"--out", req.out}, {"--metrics", req.metrics}}, ins);
    if (!press::are_press_data(req.data, user.read.h5_dataset)) {  // a user's files: as predict --fit
      if (!req.list.empty() || !req.metrics.empty() || req.noise != 0 || input != "u")
        press::fail("--list, --metrics, --noise and --input uv need press data with true parameters: expected "
                    "shards or dataset.h5");
      user.files = req.data, user.out = req.out, user.threads = ctx.threads;
      if (range.size() == 2) user.read.value_range = std::pair{range[0], range[1]};
      user.denoise = press::fit_denoise_from_string(denoise);
      press::write_estimates(user, press::read_user_patterns(user), nullptr, "", ctx.cfg, ctx.log);
      ctx.log.summary(fmt::format("{} file(s)", user.files.size()));
      return;
    }
    if (!range.empty()) press::fail("--value-range: press data carry u itself: expected it only with image files");
    req.configure(ctx.cfg, ctx.threads);
    req.settings.input = press::fit_input_from_string(input);
    req.settings.denoise = press::fit_denoise_from_string(denoise);
    const auto sum = press::run_fit(req, ctx.log);
    ctx.log.summary(fmt::format("{} samples, {:.1f} ms per sample", sum.samples, 1e3 * sum.seconds_per_sample));
  });
}
