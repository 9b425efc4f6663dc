#pragma once
// Metrics of a trained model on one split (DESIGN "metrics"; PRESS A.2, NOTES 3-5), in the
// normalised space of metrics.scaling (metrics.hpp):
//   nrmse_joint (the authors' NRMSE, what the paper's tables print), nrmse_eq13 (Eq. 13),
//   r2 and r2_{a,b,c,delta}, rmse_{a,b,c,delta} (physical units),
//   residual             mean PDE residual (Eq. 14-15) with the predicted parameters,
//   residual_gt_fd       the same with the true parameters: the floor of the 5-point stencil,
//   residual_gt_spectral the same with the solver's spectral Laplacian (~0 for converged data),
//   nrmse_joint_trivial, nrmse_eq13_trivial: the NRMSEs of predicting the mean of the model's
//                        training targets,
//   time                 the model's training wall time (s, from its log).
// With req.noise > 0 the network sees its input channels with observation noise (sample_set.hpp);
// the residuals are still those of the clean fields, with the parameters predicted from the noisy
// input: the noise is in the observation, not in the physics.
// The metric residual always uses the 5-point stencil over all pixels, in float64, whatever the
// training loss used.
#include <string>
#include <vector>

#include "press/learn/net.hpp"
#include "press/learn/sample_set.hpp"

namespace press {

class Log;

// Per-sample residuals (float64) of `set` with physical parameters theta [N, 4].
std::vector<double> residuals(const SampleSet& set, const torch::Tensor& theta, LaplacianKind lap, int batch);

struct Assessment {
  std::vector<Params> pred;      // physical
  ParamErrors errors;
  std::vector<double> residual;  // per sample, predicted parameters
  double mean_residual = 0;
};

// `bounds`: the Table 1 box (metrics.scaling: bounds).
Assessment assess(PressNet& net, const SampleSet& set, MetricScaling scaling, const ParamRanges& bounds, int batch,
                  const torch::Device& device);

struct EvaluateRequest {
  std::string model_dir, data, splits, split, out, predictions;
  MetricScaling scaling = MetricScaling::split;
  int batch = 256;
  double noise = 0;        // observation noise on the network input (noise.levels), keyed by (seed, id)
  std::uint32_t seed = 0;
};

// Writes the metrics CSV (header + one row) and the per-sample predictions CSV.
void run_evaluate(const EvaluateRequest& req, const Log& log);

double mean(const std::vector<double>& x);

}  // namespace press
