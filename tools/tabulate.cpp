// tabulate: the paper's Tables 2-4 (CSV + Markdown, ours beside the paper's) from metrics CSVs.
#include "press/report/tabulate.hpp"
#include "press/app/tool.hpp"

int main(int argc, char** argv) {
  press::Tool tool("tabulate",
                   "Build Tables 2-4 (CSV and Markdown, ours beside the paper's), summary.csv, floors.csv and the "
                   "Figure 2 parameter rows from evaluate's metrics CSVs (val and test).",
                   {.threads = false, .seed = false});
  std::vector<std::string> metrics;
  std::string out_dir, paper_dir = PRESS_PAPER_TABLES;
  auto& app = tool.app();
  app.add_option("--out-dir", out_dir, "output directory")->required();
  std::string selection;
  app.add_option("--selection", selection, "select's selection.csv for these metrics (the lambda of each cell)")
      ->required();
  app.add_option("--paper-dir", paper_dir, "the paper's tables (table2.csv, table3.csv, table4.csv)")->capture_default_str();
  app.add_option("metrics", metrics, "metrics CSVs written by evaluate (val and test of every model)")->required();
  return tool.run(argc, argv, [&](press::ToolContext& ctx) {
    auto opt = press::TabulateOptions::from_config(ctx.cfg);
    opt.out_dir = out_dir;
    opt.paper_dir = paper_dir;
    opt.selection = selection;
    std::vector<press::MetricsRow> rows;
    for (const auto& m : metrics) {
      auto r = press::read_metrics(m, opt.ranges.names);
      rows.insert(rows.end(), r.begin(), r.end());
    }
    press::run_tabulate(rows, opt, ctx.log);
    ctx.log.summary(fmt::format("{} metrics rows", rows.size()));
  });
}
