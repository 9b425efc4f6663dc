#pragma once
// The fit stage (DESIGN "fit"): the per-instance physics fit (fit.hpp) over simulated samples
// whose true parameters are known (press shards, or dataset.h5 with a split list), with
// optional observation noise (noise.levels), writing
//   - a per-sample CSV: id, the true and fitted parameters, the normalised distance, the
//     Eq. 14-15 residual of the clean fields with the fitted parameters (5-point stencil, as
//     evaluate reports it), the fit's own objective, its evaluations and status;
//   - a metrics CSV in evaluate's format (metrics.hpp metrics_header) with arch = fit_<variant>
//     (fit_u, fit_uv, fit_u_band, fit_uv_band), n = 0 and lambda = 0 (no training), time =
//     seconds per sample (one core), and nrmse_*_trivial = predicting the mean of the fitted
//     samples' own true parameters.
#include <string>
#include <vector>

#include "press/fit/fit.hpp"
#include "press/metrics/metrics.hpp"

namespace press {

class Log;

struct FitRequest {
  std::vector<std::string> data;  // shards, or one dataset.h5 with `list`
  std::string list;               // a split list (ids), optional
  std::string out, metrics;       // per-sample CSV; metrics CSV (optional)
  std::string split = "test";     // the metrics row's split label
  FitSettings settings;
  ParamRanges box;                // params: (c and delta are searched in it; metrics.scaling bounds)
  MetricScaling scaling = MetricScaling::split;
  double noise = 0;               // observation noise level (fraction of each pattern's range)
  std::uint32_t seed = 0;         // noise key
  int threads = 1;
  double progress_seconds = 10;
  // Fill in what the config decides: settings (fit.*), box (params), scaling (metrics.scaling),
  // seed and progress_seconds; and threads. The other fields are the caller's.
  void configure(const Config& cfg, int threads);
};

// Whether `files` are press data (shards or dataset.h5: .h5/.hdf5 without a user dataset name)
// or a user's files; an error when they mix the two.
bool are_press_data(const std::vector<std::string>& files, const std::string& h5_dataset);

struct FitSummary {
  std::size_t samples = 0, converged = 0, at_bound = 0, failed = 0, unidentified = 0;
  double seconds_per_sample = 0;  // CPU time of the fits alone, per sample
  ParamErrors errors;
};

FitSummary run_fit(const FitRequest& req, const Log& log);

}  // namespace press
