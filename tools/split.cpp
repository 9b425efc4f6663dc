// split: gather the ok samples of simulation shards into dataset.h5 and draw the test set and
// the nested train:val pools.
#include "press/data/split.hpp"
#include "press/core/atomic_file.hpp"
#include "press/app/tool.hpp"

int main(int argc, char** argv) {
  press::Tool tool("split",
                   "Take the first split.n_samples ok samples (id order) of the shards, write DIR/dataset.h5 and "
                   "the split lists DIR/splits/{test,n<P>_train,n<P>_val}.csv.",
                   {.threads = false, .seed = true});
  std::string out_dir;
  std::vector<std::string> shards;
  auto& app = tool.app();
  app.add_option("--out-dir", out_dir, "output directory (dataset.h5 and splits/)")->required();
  app.add_option("shards", shards, "simulation shards (HDF5), any order")->required();
  tool.override_key(app.add_option("--n-samples", "overrides split.n_samples"), "split.n_samples");
  tool.override_key(app.add_option("--n-test", "overrides split.n_test"), "split.n_test");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    press::refuse_outputs_on_inputs({{"--out-dir", out_dir + "/dataset.h5"}}, {{"--config", ctx.cfg.origin()}});
    const auto st = press::SplitSettings::from_config(ctx.cfg);
    const auto sum = press::run_split(st, shards, out_dir, ctx.log);
    ctx.log.summary(fmt::format("{} samples", sum.samples_read));
  });
}
