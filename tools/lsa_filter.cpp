// lsa_filter: keep the Turing-unstable candidates (linear stability analysis, NOTES 1-2).
#include "press/core/atomic_file.hpp"
#include "press/model/lsa.hpp"
#include "press/io/param_csv.hpp"
#include "press/app/tool.hpp"

int main(int argc, char** argv) {
  press::Tool tool("lsa_filter",
                   "Keep the candidates whose homogeneous state is Turing-unstable on the configured grid; "
                   "log rejection counts by reason.",
                   {.threads = true, .seed = false});
  std::string in, out;
  bool keep_all = false;
  tool.app().add_option("--in", in, "candidates CSV (id and the parameters of model.kinetics)")->required();
  tool.app().add_option("--out", out, "output CSV: id,<parameters>,u_star,v_star,k_max,lambda_max,wavelength")->required();
  tool.app().add_flag("--all", keep_all,
                      "keep every candidate, with a column turing (1/0): e.g. to re-simulate predicted parameters");
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    press::refuse_outputs_on_inputs({{"--out", out}}, {{"--in", in}, {"--config", ctx.cfg.origin()}});
    const auto st = press::lsa_settings(ctx.cfg);
    const auto candidates = press::read_param_table(in, press::param_names(st.kinetics));
    const auto rep = press::run_turing_filter(candidates, st, ctx.threads, keep_all);
    press::write_text_atomic(out, press::format_param_table(rep.accepted));
    const auto n = static_cast<double>(candidates.rows.size());
    for (int v = 0; v < press::kVerdictCount; ++v)
      ctx.log.info("verdict {:<24} {:>9} ({:.3f}%)", press::verdict_name(static_cast<press::Verdict>(v)), rep.counts[v],
                   n > 0 ? 100.0 * rep.counts[v] / n : 0.0);
    ctx.log.info("four conditions hold but no lattice mode grows: {}; a lattice mode grows but conditions fail: {}",
                 rep.conditions_without_lattice, rep.lattice_without_conditions);
    const auto accepted = rep.counts[static_cast<int>(press::Verdict::turing)];
    ctx.log.info("accepted {} of {} candidates ({:.3f}%) -> {}", accepted, candidates.rows.size(),
                 n > 0 ? 100.0 * accepted / n : 0.0, out);
    ctx.log.summary(fmt::format("{:.0f} candidates/s", n / std::max(ctx.log.elapsed(), 1e-9)));
  });
}
