// evaluate: one metrics row (joint and Eq. 13 NRMSE, R^2, per-parameter RMSE, PDE residuals) and
// per-sample predictions.
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/learn/evaluation.hpp"
#include "press/metrics/metrics.hpp"
#include "press/learn/model_dir.hpp"
#include "press/data/split.hpp"
#include "press/app/tool.hpp"
#include "press/learn/torch_runtime.hpp"

int main(int argc, char** argv) {
  press::Tool tool("evaluate",
                   "Evaluate a trained model on the test or val split: write one metrics row (--out) and a "
                   "per-sample predictions CSV.",
                   {.threads = true, .seed = false});
  press::EvaluateRequest req;
  auto& app = tool.app();
  app.add_option("--model", req.model_dir, "model directory written by train")->required();
  app.add_option("--data", req.data, "dataset.h5 written by split")->required();
  app.add_option("--splits", req.splits, "the splits directory written by split (DIR/splits)")->required();
  app.add_option("--split", req.split, "test, val (the model's pool) or train")->required();
  app.add_option("--out", req.out, "metrics CSV (header + one row)")->required();
  app.add_option("--predictions", req.predictions, "per-sample predictions CSV (default: <out>.predictions.csv)");
  app.add_option("--noise", req.noise, "observation noise on the network input: sigma = LEVEL x (max - min) (default 0)");
  tool.override_key(app.add_option("--scaling", "bounds or split; overrides metrics.scaling"), "metrics.scaling");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    if (req.predictions.empty()) req.predictions = press::predictions_path(req.out);
    press::refuse_outputs_on_inputs({{"--out", req.out}, {"--predictions", req.predictions}},
                                    {{"--model", press::model_file(req.model_dir)},
                                     {"--model", press::settings_file(req.model_dir)},
                                     {"--model", press::log_file(req.model_dir)},
                                     {"--data", req.data},
                                     {"--splits", press::split_list_path(req.splits, "test")},
                                     {"--config", ctx.cfg.origin()}});
    req.batch = ctx.cfg.get<int>("evaluate.batch_size");
    req.seed = static_cast<std::uint32_t>(ctx.cfg.get<long>("seed"));
    req.scaling = press::metric_scaling_from_string(ctx.cfg.get<std::string>("metrics.scaling"));
    press::init_torch_runtime(ctx.threads);
    press::run_evaluate(req, ctx.log);
    ctx.log.summary("1 model");
  });
}
