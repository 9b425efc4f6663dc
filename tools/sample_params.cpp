// sample_params: draw candidate parameter sets of model.kinetics uniformly from the config's box.
#include "press/core/atomic_file.hpp"
#include "press/io/param_csv.hpp"
#include "press/model/params.hpp"
#include "press/app/tool.hpp"

int main(int argc, char** argv) {
  press::Tool tool("sample_params",
                   "Draw candidate parameter sets of model.kinetics uniformly from the params box (Gierer-Meinhardt: Table "
                   "1); row `id` depends only on (seed, id).",
                   {.threads = false, .seed = true});
  std::string out;
  tool.app().add_option("--out", out, "output CSV: id and the kinetics' parameters (id,a,b,c,delta for Gierer-Meinhardt)")->required();
  auto* n_opt = tool.app().add_option("--n", "number of candidates (overrides sample_params.n_candidates)");
  tool.override_key(n_opt, "sample_params.n_candidates");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    press::refuse_outputs_on_inputs({{"--out", out}}, {{"--config", ctx.cfg.origin()}});
    const auto ranges = press::ParamRanges::from_config(ctx.cfg);
    const auto n = ctx.cfg.get<long>("sample_params.n_candidates");
    const auto seed = static_cast<std::uint32_t>(ctx.cfg.get<long>("seed"));
    const auto table = press::sample_candidates(ranges, seed, static_cast<std::uint64_t>(n));
    press::write_text_atomic(out, press::format_param_table(table));
    ctx.log.info("wrote {} candidates to {}", n, out);
    ctx.log.summary(fmt::format("{:.0f} candidates/s", n / std::max(ctx.log.elapsed(), 1e-9)));
  });
}
