// predict: parameters for a user's own patterns (PNG, TIFF, .npy, HDF5, CSV), from a trained
// model or from the per-instance physics fit.
#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "press/learn/model_dir.hpp"
#include "press/predict/predict.hpp"
#include "press/app/tool.hpp"
#include "press/learn/torch_runtime.hpp"

int main(int argc, char** argv) {
  press::Tool tool("predict",
                   "Estimate the parameters of model.kinetics (Gierer-Meinhardt: a, b, c, delta) for each pattern in the given "
                   "files with a trained model "
                   "(--model) or the per-instance physics fit (--fit); one CSV row per pattern.",
                   {.threads = true, .seed = true});
  press::PredictRequest req;
  bool fit = false;
  std::string denoise = "none";
  std::vector<double> range;
  auto& app = tool.app();
  app.add_option("files", req.files, ".png/.tif/.tiff (8/16-bit greyscale), .npy, .h5/.hdf5 (--h5-dataset), .csv")
      ->required();
  app.add_option("--out", req.out, "output CSV: file,<the kinetics' parameters>,residual,method,status")->required();
  auto* model = app.add_option("--model", req.model_dir, "a model directory written by train");
  auto* use_fit = app.add_flag("--fit", fit, "the per-instance physics fit (no training; u alone)");
  model->excludes(use_fit);
  app.add_option("--denoise", denoise, "with --fit: none, or band (the noise-robust variant)")
      ->check(CLI::IsMember({"none", "band"}));
  app.add_option("--value-range", range, "LO HI: integer intensity 0 -> u = LO, the type's maximum -> u = HI")
      ->expected(2);
  app.add_option("--h5-dataset", req.read.h5_dataset, "the dataset of .h5 inputs, e.g. /u (2-D, or N x H x W)");
  app.add_flag("--resize", req.resize,
               "with --model: resample patterns to the model's grid (changes dx, and with it the physics the estimate "
               "belongs to); the fit takes any grid")
      ->excludes(use_fit);
  app.add_option("--resimulate", req.resimulate_dir, "also write DIR/<file>.resim.png: simulate's pattern from the estimate");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    if (!fit && req.model_dir.empty()) press::fail("no method: expected --model DIR or --fit");
    if (!req.model_dir.empty() && denoise != "none") press::fail("--denoise {}: expected it only with --fit", denoise);
    if (range.size() == 2) req.read.value_range = std::pair{range[0], range[1]};
    std::vector<press::NamedPath> ins{{"--config", ctx.cfg.origin()}};
    for (const auto& f : req.files) ins.emplace_back("file", f);
    if (!req.model_dir.empty())
      for (const auto& f : {press::model_file(req.model_dir), press::settings_file(req.model_dir)})
        ins.emplace_back("--model", f);
    press::refuse_outputs_on_inputs({{"--out", req.out}}, ins);
    req.denoise = press::fit_denoise_from_string(denoise);
    req.threads = ctx.threads;
    if (!req.model_dir.empty()) press::init_torch_runtime(ctx.threads);
    press::run_predict(req, ctx.cfg, ctx.log);
    ctx.log.summary(fmt::format("{} file(s)", req.files.size()));
  });
}
