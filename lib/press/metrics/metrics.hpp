#pragma once
// Parameter-error metrics (PRESS A.2; NOTES 3, 5). Predictions and truths are physical
// parameters, compared in a normalised space (`MetricScaling`, config key metrics.scaling):
//   bounds  min-max with the Table 1 box (the paper's text, Sec. 4.1.2)
//   split   min-max with the evaluated split's own true parameters (the authors' code: their
//           TuringDataset fits a scaler on each file it loads, so the test file is scaled by
//           its own range; NOTES 5)
// In that space, with e_ij = pred_ij - true_ij over m samples and the P parameters (of the
// kinetics; 4 for Gierer-Meinhardt):
//   nrmse_joint = sqrt(mean_ij e_ij^2) / ||mean_i true_i||_2   (the authors' "NRMSE", which is
//                 what the paper's Tables 2-4 print; run_flexible_experiments.py)
//   nrmse_eq13  = mean_i ||e_i||_2                              (the paper's printed Eq. 13)
//   r2_j        = 1 - sum_i e_ij^2 / sum_i (true_ij - mean true_j)^2, r2 = mean_j r2_j
//                 (scikit-learn's r2_score, uniform average; a constant truth gives 1 when
//                 predicted exactly, else 0). R^2 does not depend on the scaling.
//   rmse_j      = sqrt(mean_i e_ij^2) in physical units.
#include <array>
#include <string>
#include <vector>

#include "press/model/params.hpp"

namespace press {

enum class MetricScaling { bounds, split };
MetricScaling metric_scaling_from_string(const std::string& s);
const char* to_string(MetricScaling s);

// The normalised space of `scaling`: the box, or the min/max of `truth`.
ParamRanges metric_ranges(MetricScaling scaling, const ParamRanges& bounds, const std::vector<Params>& truth);

// The per-parameter min and max of `p` (the authors' min-max scaler), named `names`.
ParamRanges data_ranges(const std::vector<Params>& p, const std::vector<std::string>& names);

// The mean of `p`, parameter by parameter (the trivial predictor).
Params mean_params(const std::vector<Params>& p);

struct ParamErrors {
  double nrmse_joint = 0, nrmse_eq13 = 0, r2 = 0;
  Params r2_param;                // in the kinetics' parameter order
  Params rmse;                    // physical units
  std::vector<double> distance;   // per sample, Euclidean, normalised space
};

ParamErrors parameter_errors(const std::vector<Params>& pred, const std::vector<Params>& truth,
                             const ParamRanges& space);

// Column header of the metrics CSV of evaluate and fit (DESIGN "metrics"), with the per-
// parameter columns r2_<name> and rmse_<name> of the kinetics' parameter `names`:
//   arch,n,lambda,seed,split,scaling,noise,nrmse_joint,nrmse_eq13,r2,r2_<names>,rmse_<names>,
//   residual,residual_gt_fd,residual_gt_spectral,nrmse_joint_trivial,nrmse_eq13_trivial,samples,time
std::string metrics_header(const std::vector<std::string>& names);

// One row under that header: `keys` = "arch,n,lambda,seed", then split, scaling, noise, the
// errors, the mean residuals (predicted, true with 5-point and spectral Laplacians), the
// trivial predictor's errors, the sample count and `time` (already formatted).
std::string metrics_row(const std::string& keys, const std::string& split, MetricScaling scaling, double noise,
                        const ParamErrors& e, double residual, double gt_fd, double gt_spectral,
                        const ParamErrors& trivial, std::size_t samples, const std::string& time);

// The per-sample predictions CSV beside a metrics CSV: "<stem>.predictions.csv" (evaluate's
// default, where tabulate looks).
std::string predictions_path(const std::string& metrics_path);

// `points` values of u evenly between the 5th and 95th percentiles of `values` (nearest rank):
// where a learned law D(u), G(u) is scored against the truth (BINN.md).
std::vector<double> percentile_grid(std::vector<double> values, int points);

}  // namespace press
