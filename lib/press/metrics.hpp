#pragma once
#include <string>
// Parameter-error metrics (PRESS A.2, NOTES 3). Predictions and truths are normalised [0,1]^4
// vectors (ParamRanges::normalize).
//   NRMSE (Eq. 13) = mean over samples of the Euclidean distance ||theta_hat - theta||_2.
//   (The authors' code computes a different quantity under this name; we follow the paper.)
//   rmse[j]        = sqrt(mean((theta_hat_j - theta_j)^2)) in physical units.
#include <array>
#include <vector>

#include "press/params.hpp"

namespace press {

using Vec4 = std::array<double, 4>;

struct ParamErrors {
  double nrmse = 0;
  Vec4 rmse{};                    // physical units, order a, b, c, delta
  std::vector<double> distance;   // per sample, normalised space
};

ParamErrors parameter_errors(const std::vector<Vec4>& pred, const std::vector<Vec4>& truth, const ParamRanges& r);

// The trivial predictor: every prediction is the mean of the training targets.
std::vector<Vec4> mean_predictor(const std::vector<Vec4>& train_targets, std::size_t n);

// The per-sample predictions CSV beside a metrics CSV: "<stem>.predictions.csv" (evaluate's
// default, where tabulate looks).
std::string predictions_path(const std::string& metrics_path);

}  // namespace press
