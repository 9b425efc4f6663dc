#pragma once
// The training grid's metrics, grouped: evaluate's metrics CSVs (one row per model, split and
// noise level; the physics fit's rows too) read and checked, and the clean network rows grouped
// into (arch, n) cells, each lambda over its seeds. The lambda choice (selection.hpp) and the
// tables (report/tabulate.hpp) both stand on these cells.
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace press {

// One row of an evaluate metrics CSV, with the file it came from.
// A physics fit's row (fit_stage.hpp) has arch fit_<variant>, n = 0, lambda = 0 and time =
// seconds per sample; noise > 0 marks a row of the observation-noise study.
struct MetricsRow {
  std::string file, arch, split, scaling;
  long n = 0, seed = 0, samples = 0;
  double noise = 0, time = 0;
  double lambda = 0, nrmse_joint = 0, nrmse_eq13 = 0, r2 = 0, residual = 0, residual_gt_fd = 0,
         residual_gt_spectral = 0, nrmse_joint_trivial = 0, nrmse_eq13_trivial = 0;
  std::vector<double> rmse, r2_param;  // per parameter of the kinetics
  bool is_fit() const { return arch.rfind("fit_", 0) == 0; }
};

// `names`: the kinetics' parameters (the columns r2_<name>, rmse_<name>).
std::vector<MetricsRow> read_metrics(const std::string& path, const std::vector<std::string>& names);

struct Stat {
  double mean = NAN, sd = NAN;  // sd: sample standard deviation; NaN with one seed
};

Stat stat(const std::vector<double>& x);

// The mean of `x` (paired differences over seeds) with its two-sided 95% Student-t interval;
// lo and hi are NaN with fewer than two values.
struct Interval {
  double mean = NAN, sd = NAN, lo = NAN, hi = NAN;
};
Interval mean_interval95(const std::vector<double>& x);

// Student's t quantile at 0.975 for dof >= 1 (exact CDF for integer dof, Abramowitz & Stegun
// 26.7.3-4, inverted by bisection).
double t_quantile_975(int dof);

// The metrics a table shows, each read from a test (or val) metrics row.
enum Metric { kJoint, kEq13, kR2, kResidual, kMetrics };
double metric_of(const MetricsRow& r, Metric m);

// One lambda of one (arch, n) cell, over its seeds.
struct LambdaResult {
  double lambda = 0;
  std::vector<long> seeds;
  std::array<Stat, kMetrics> test;
  Stat val;                                // validation joint NRMSE (selects lambda)
  const MetricsRow* first_test = nullptr;  // the smallest seed's test row
};

struct Cell {
  std::string arch;
  long n = 0;
  std::vector<LambdaResult> lambdas;  // ascending lambda; lambdas[0] is the baseline (0)
  std::size_t press_val = 0, press_test = 0;  // the chosen lambdas (selection.hpp apply_selection)
  const LambdaResult& base() const { return lambdas[0]; }
};

// The same lambda, up to rounding (a value read back from a CSV).
bool same_lambda(double a, double b);

// (arch, n) -> cell, in (arch, n) order, from network rows at noise 0. Refuses a model's split
// twice, two metrics.scaling values, a lambda without both splits for every seed, and a cell
// without lambda 0 or without a lambda > 0. press_val and press_test are left unset.
using Cells = std::map<std::pair<std::string, long>, Cell>;
Cells build_cells(const std::vector<MetricsRow>& rows);

}  // namespace press
