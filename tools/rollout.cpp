// rollout: run a trained NCA from the initial frames of test trajectories and score it against
// the PDE, frame by frame (issue 23; NCA.md "Scoring a chaotic rollout").
#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "press/dynamics/nca_rollout.hpp"
#include "press/learn/torch_runtime.hpp"

int main(int argc, char** argv) {
  press::Tool tool("rollout",
                   "Run a train_nca model from frame 0 of each trajectory of a simulate shard with frames, one NCA "
                   "step per PDE step, and score every saved frame against the PDE: pixel RMSE, the peak wavelength "
                   "of the radially averaged power spectrum and the component count of u and v.",
                   {.threads = true, .seed = false});
  std::string model_dir, shard, out, frames;
  auto& app = tool.app();
  app.add_option("--model-dir", model_dir, "train_nca's output directory (model.pt, settings.yaml)")->required();
  app.add_option("--in", shard, "simulate shard with frames: the PDE trajectories to compare with")->required();
  app.add_option("--out", out, "scores CSV: id, frame, time, rmse, wavelength_*, components_*")->required();
  app.add_option("--frames", frames, "also write the NCA's frames as a shard (frames_u, frames_v)");
  std::string summary;
  app.add_option("--summary", summary, "also write one row per trajectory: RMSE within the horizon, the end's "
                                       "wavelengths and component counts of v");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    std::vector<press::NamedPath> outs{{"--out", out}};
    if (!frames.empty()) outs.emplace_back("--frames", frames);
    if (!summary.empty()) outs.emplace_back("--summary", summary);
    press::refuse_outputs_on_inputs(outs, {{"--in", shard}, {"--config", ctx.cfg.origin()},
                                           {"--model-dir", model_dir + "/model.pt"}});
    press::init_torch_runtime(ctx.threads);
    auto m = press::load_nca(model_dir);
    const auto rows = press::rollout_nca(m, shard, frames, ctx.log);
    if (rows.empty()) press::fail("{}: no trajectory to roll out (every sample blew up?)", shard);
    std::vector<std::pair<std::string, std::string>> texts{{out, press::rollout_csv(rows)}};
    if (!summary.empty()) texts.emplace_back(summary, press::rollout_summary_csv(rows, m));
    press::write_texts_atomic(texts);
    ctx.log.info("{} frames scored (training horizon t = {}) -> {}", rows.size(), m.horizon, out);
    ctx.log.summary(fmt::format("{} frames", rows.size()));
  });
}
