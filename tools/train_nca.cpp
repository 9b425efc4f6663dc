// train_nca: fit a Neural Cellular Automaton to the trajectories of simulate shards (NCA.md).
#include <optional>

#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/config.hpp"
#include "press/core/error.hpp"
#include "press/dynamics/nca_training.hpp"
#include "press/learn/torch_runtime.hpp"

int main(int argc, char** argv) {
  press::Tool tool("train_nca",
                   "Train a Neural Cellular Automaton on the frames of simulate shards (simulate.frame_every > 0): "
                   "every frame transition rolled out nca.t steps; writes model.pt, log.csv and settings.yaml to "
                   "--out-dir.",
                   {.threads = true, .seed = false});
  std::vector<std::string> shards;
  std::string out_dir;
  std::optional<long> seed;
  auto& app = tool.app();
  app.add_option("shards", shards, "simulate shards with frames")->required();
  app.add_option("--out-dir", out_dir, "model directory")->required();
  app.add_option("--seed", seed, "training seed, 0 to 2147483647 (default: nca.seed)");
  tool.override_key(app.add_option("--epochs", "overrides nca.epochs"), "nca.epochs");
  tool.override_key(app.add_option("--t", "overrides nca.t"), "nca.t");
  tool.override_key(app.add_option("--noise", "xi, 0 to 1: overrides nca.noise"), "nca.noise");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    if (seed && (*seed < 0 || *seed > 2147483647)) press::fail("--seed {}: expected 0 to 2147483647", *seed);
    auto s = press::NcaTrainSettings::from_config(ctx.cfg);
    if (seed) s.seed = static_cast<std::uint32_t>(*seed);
    std::vector<press::NamedPath> ins{{"--config", ctx.cfg.origin()}};
    for (const auto& p : shards) ins.emplace_back("shard", p);
    press::refuse_outputs_on_inputs({{"--out-dir", out_dir + "/model.pt"}, {"--out-dir", out_dir + "/log.csv"},
                                     {"--out-dir", out_dir + "/settings.yaml"}}, ins);
    press::init_torch_runtime(ctx.threads);
    const auto data = press::read_nca_frames(shards, s.t);
    const auto sum = press::train_nca(s, data, out_dir, ctx.log);
    ctx.log.info("kept epoch {} (loss {:.6g}) -> {}/model.pt", sum.kept_epoch, sum.kept_loss, out_dir);
    ctx.log.summary(fmt::format("{} epochs, {:.4g} NCA steps/s per sample", sum.epochs,
                                static_cast<double>(sum.nca_steps) / std::max(sum.seconds, 1e-9)));
  });
}
