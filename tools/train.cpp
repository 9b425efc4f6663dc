// train: fit one network of the experiment grid (arch, pool size, lambda, seed) with LibTorch.
#include <optional>

#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/learn/model_dir.hpp"
#include "press/learn/arch.hpp"
#include "press/learn/training.hpp"
#include "press/app/tool.hpp"
#include "press/learn/torch_runtime.hpp"

int main(int argc, char** argv) {
  press::Tool tool("train",
                   "Train one model on a pool of dataset.h5 with loss MSE + lambda * L_phy (PRESS Eq. 12) and write "
                   "settings.yaml, log.csv and model.pt to --out-dir. A rerun resumes from the last finished epoch.",
                   {.threads = true, .seed = false});
  std::string data, splits, arch, out_dir;
  long long n = 0;
  double lambda = 0;
  std::optional<long> seed;
  auto& app = tool.app();
  app.add_option("--data", data, "dataset.h5 written by split")->required();
  app.add_option("--splits", splits, "the splits directory written by split (DIR/splits)")->required();
  app.add_option("--arch", arch, "mlp or cnn_l<L>_<none|maxpool|dilated>, e.g. cnn_l4_maxpool")->required();
  app.add_option("--n", n, "train+val pool size (one of split.pools)")->required();
  app.add_option("--lambda", lambda, "physics-loss weight lambda_phy (0 = data-only baseline)")
      ->required()
      ->check(press::kFiniteNonNegative);
  app.add_option("--out-dir", out_dir, "model directory")->required();
  app.add_option("--seed", seed, "training seed, 0 to 2147483647 (default: the first of train.seeds)");
  tool.override_key(app.add_option("--epochs", "overrides train.epochs"), "train.epochs");
  tool.override_key(app.add_option("--laplacian", "fd or spectral; overrides train.laplacian"), "train.laplacian");
  tool.override_key(app.add_option("--device", "auto, cpu or cuda; overrides train.device"), "train.device");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    if (n < 4) press::fail("--n {}: expected a pool size (one of split.pools, >= 4)", n);
    if (seed && (*seed < 0 || *seed > 2147483647)) press::fail("--seed {}: expected 0 to 2147483647", *seed);
    auto s = press::ModelSettings::from_config(ctx.cfg);
    s.arch = press::ArchSpec::parse(arch).name();
    s.n = static_cast<std::size_t>(n);
    s.lambda = lambda;
    s.seed = static_cast<std::uint32_t>(seed ? *seed : ctx.cfg.get<std::vector<long>>("train.seeds").front());
    s.data = data;
    s.splits = splits;
    s.threads = ctx.threads;
    press::refuse_training_outputs_on_inputs(s, out_dir, ctx.cfg.origin());
    press::init_torch_runtime(ctx.threads);
    const press::TrainRun run{ctx.cfg.get<double>("train.progress_seconds"), ctx.cfg.get<double>("train.checkpoint_seconds")};
    const auto sum = press::run_training(s, out_dir, run, ctx.log);
    ctx.log.info("kept epoch {} (train.keep: {}), val joint NRMSE {:.4f} -> {}", sum.kept_epoch, s.keep,
                 sum.val_nrmse_joint, out_dir);
    ctx.log.summary(fmt::format("{} epochs, {:.1f} samples/s", sum.epochs_run,
                                sum.samples / std::max(sum.seconds, 1e-9)));
  });
}
