// select: the lambda of each (arch, n) cell of the training grid, chosen on validation and on
// test, from evaluate's clean metrics CSVs (selection.csv; select/selection.hpp).
#include "press/app/tool.hpp"
#include "press/core/atomic_file.hpp"
#include "press/core/error.hpp"
#include "press/model/params.hpp"
#include "press/select/selection.hpp"

int main(int argc, char** argv) {
  press::Tool tool("select",
                   "Choose the lambda > 0 of each (arch, n) cell of the training grid on validation and on test (the "
                   "lowest mean joint NRMSE over seeds) from evaluate's metrics CSVs; one selection.csv row per cell.",
                   {.threads = false, .seed = false});
  std::vector<std::string> metrics;
  std::string out;
  auto& app = tool.app();
  app.add_option("--out", out, "selection.csv: arch,n,lambda_val,val_nrmse,lambda_test,test_nrmse,seeds,scaling")
      ->required();
  app.add_option("metrics", metrics, "metrics CSVs written by evaluate (val and test of every model, noise 0)")
      ->required();
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    const auto names = press::ParamRanges::from_config(ctx.cfg).names;
    std::vector<press::MetricsRow> rows;
    std::vector<press::NamedPath> ins{{"--config", ctx.cfg.origin()}};
    for (const auto& m : metrics) {
      for (auto& r : press::read_metrics(m, names)) {
        if (r.is_fit() || r.noise > 0)
          press::fail("{}: {} noise {}: expected the training grid's networks at noise 0 (the fits and the noise "
                      "study are tabulate's)",
                      m, r.arch, r.noise);
        rows.push_back(std::move(r));
      }
      ins.emplace_back("metrics", m);
    }
    press::refuse_outputs_on_inputs({{"--out", out}}, ins);
    const auto cells = press::build_cells(rows);
    const auto sel = press::select_lambdas(cells, rows.front().scaling);
    press::write_text_atomic(out, press::format_selection(sel));
    ctx.log.summary(fmt::format("{} cells from {} metrics rows", sel.size(), rows.size()));
  });
}
