#pragma once
// Metrics of a trained model on one split (DESIGN "metrics"; PRESS A.2, NOTES 3-4):
//   nrmse (Eq. 13), rmse_{a,b,c,delta} (physical units),
//   residual             mean PDE residual (Eq. 14-15) with the predicted parameters,
//   residual_gt_fd       the same with the true parameters: the floor of the 5-point stencil,
//   residual_gt_spectral the same with the solver's spectral Laplacian (~0 for converged data),
//   nrmse_trivial        NRMSE of predicting the mean of the training targets,
//   time                 the model's training wall time (s, from its log).
// The metric residual always uses the 5-point stencil over all pixels, in float64, whatever the
// training loss used.
#include <string>
#include <vector>

#include "press/net.hpp"
#include "press/sample_set.hpp"

namespace press {

class Log;

// Per-sample residuals (float64) of `set` with physical parameters theta [N, 4].
std::vector<double> residuals(const SampleSet& set, const torch::Tensor& theta, LaplacianKind lap, int batch);

struct Assessment {
  std::vector<Vec4> pred;        // normalised predictions
  ParamErrors errors;
  std::vector<double> residual;  // per sample, predicted parameters
  double mean_residual = 0;
};

Assessment assess(PressNet& net, const SampleSet& set, const ParamRanges& r, int batch, const torch::Device& device);

struct EvaluateRequest {
  std::string model_dir, data, splits, split, out, predictions;
  int batch = 256;
};

// Writes the metrics CSV (header + one row) and the per-sample predictions CSV.
void run_evaluate(const EvaluateRequest& req, const Log& log);

double mean(const std::vector<double>& x);

}  // namespace press
