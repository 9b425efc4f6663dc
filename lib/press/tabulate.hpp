#pragma once
// The tabulate stage: the paper's Tables 2-4 from the metrics of the training grid, ours beside
// the paper's (DESIGN "tables"; NOTES 4).
//   - Base = lambda 0; PRESS = the lambda > 0 with the lowest mean *validation* NRMSE. The
//     lambda the paper's protocol would pick (lowest mean *test* NRMSE) is a separate,
//     labelled column.
//   - Several seeds: mean and sample standard deviation over seeds.
//   - A paper row is matched by architecture and pool rank (our smallest pool beside the
//     paper's 2000, ...), so scaled-down configs still read against the paper; the paper's
//     pool size is printed beside ours.
// It also writes summary.csv (every arch, n, lambda, seed with its val and test metrics),
// floors.csv (the residual with the true parameters, both Laplacians), and the parameter rows
// that Figure 2 re-simulates.
#include <array>
#include <string>
#include <vector>

#include "press/params.hpp"

namespace press {

class Config;
class Log;

// One row of an evaluate metrics CSV, with the file it came from.
struct MetricsRow {
  std::string file, arch, split;
  long n = 0, seed = 0, samples = 0;
  double lambda = 0, nrmse = 0, residual = 0, residual_gt_fd = 0, residual_gt_spectral = 0, nrmse_trivial = 0;
  std::array<double, 4> rmse{};
};

std::vector<MetricsRow> read_metrics(const std::string& path);

struct TabulateOptions {
  std::string out_dir, paper_dir;
  std::string focus_arch;  // Table 4's lambda sweep and Figure 2
  long focus_n = 0;
  Params figure2_target;  // Figure 2 shows the test sample nearest to these parameters
  ParamRanges ranges;
  static TabulateOptions from_config(const Config& cfg);
};

// Writes table{2,3,4}.{csv,md}, summary.csv, floors.csv, figure2.csv and
// figure2_{base,press}.csv into opt.out_dir.
void run_tabulate(const std::vector<MetricsRow>& rows, const TabulateOptions& opt, const Log& log);

}  // namespace press
