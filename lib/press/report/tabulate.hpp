#pragma once
// The tabulate stage: the paper's Tables 2-4 from the metrics of the training grid, ours beside
// the paper's, like for like (DESIGN "tables"; NOTES 4, 5).
//   - The column beside each paper_* column is the same metric: the paper's "NRMSE" is the
//     authors' joint NRMSE, so nrmse_* is ours (in metrics.scaling, which the tables name;
//     the paper's is split). Eq. 13 has its own nrmse_eq13_* columns, and R^2 its r2_*.
//   - Base = lambda 0; PRESS = the lambda chosen on validation (select's selection.csv,
//     select/selection.hpp). The paper chose lambda on the test set, so its PRESS columns stand
//     beside our *_test_selected columns (selection.csv's lambda_test).
//   - Several seeds: mean and sample standard deviation over seeds; an improvement smaller
//     than the larger of the two seed standard deviations is flagged (*_within_spread = yes,
//     and a dagger in the Markdown).
//   - A paper row is matched by architecture and pool rank (our smallest pool beside the
//     paper's 2000, ...), so scaled-down configs still read against the paper; the paper's
//     pool size is printed beside ours.
//   - The physics fit (fit_* rows at noise 0) gets rows in Tables 2-3 and summary.csv: its test
//     metrics in the base columns, its seconds per sample in fit_seconds_per_sample.
//   - paired.csv: every lambda > 0 against lambda 0 seed by seed (the same seed's two models):
//     the mean difference of the test joint NRMSE, its 95% Student-t interval, both as a gain
//     in % of the baseline's mean, beside the paper's published gain, with seed_verdict's word.
//   - Table 5, the observation-noise study: joint NRMSE and R^2 against the noise level for the
//     focus cell's baseline and PRESS (the lambda chosen on clean validation data) and each fit.
// It also writes summary.csv (every arch, n, lambda, seed with its val and test metrics),
// floors.csv (the residual with the true parameters, both Laplacians), and the parameter rows
// that Figure 2 re-simulates.
#include <array>
#include <string>
#include <vector>

#include "press/model/params.hpp"
#include "press/select/cells.hpp"

namespace press {

class Config;
class Log;

struct TabulateOptions {
  std::string out_dir, paper_dir, config_path;
  std::string selection;   // select's selection.csv for these metrics
  std::string focus_arch;  // Table 4's lambda sweep and Figure 2
  long focus_n = 0;
  Params figure2_target;  // Figure 2 shows the test sample nearest to these parameters
  ParamRanges ranges;
  bool paper = true;      // the kinetics is Gierer-Meinhardt: the paper's values go beside ours
  static TabulateOptions from_config(const Config& cfg);
};

// Writes table{2,3,4,5}.{csv,md}, paired.{csv,md}, tables.html (the five for report.py), summary.csv, floors.csv,
// figure2.csv and figure2_{base,press}.csv into opt.out_dir.
// The verdict on a published gain `paper` (%, > 0: PRESS better) from our seed-paired gain's 95%
// interval [lo, hi] (%): "reproduced" (the interval lies on the paper's side of 0 and holds its
// gain), "reproduced_sign_only" (on the paper's side of 0, but the paper's gain lies outside it),
// "not_reproduced" (the paper's gain lies outside it, and it is not on the paper's side of 0) or
// "undecided" (it holds both 0 and the paper's gain, or there is no interval: fewer than two seeds).
std::string seed_verdict(double lo, double hi, double paper);

void run_tabulate(const std::vector<MetricsRow>& rows, const TabulateOptions& opt, const Log& log);

}  // namespace press
