#pragma once
// The predict stage: parameters for a user's own patterns (pattern_io.hpp formats), from a
// trained model or from the per-instance physics fit, one CSV row per pattern:
//   file,a,b,c,delta,residual,method,status
// residual: the mean R_u^2 of the pattern with the estimate and u's steady v (fit.hpp
// residual_u; fit.laplacian), so the two methods are scored alike. method: fit_u / fit_u_band,
// or model:<arch>. status: the fit's (converged, at_bound, failed) or ok for a model.
// A model accepts only the grid it was trained on, unless `resize` (bilinear, periodic), which
// changes the pixel spacing dx and with it the physics the estimate belongs to. The physics
// constants (model.s, grid.dx, model.v_floor, model.kinetics) and the fit's box (params) come
// from the config. resimulate_dir: for each row, the pattern simulate produces from the
// estimate (simulate.* settings, the pattern's grid, initial noise keyed by (seed, row)), as a
// 16-bit PNG scaled to its own range.
#include <string>
#include <vector>

#include "press/fit.hpp"
#include "press/pattern_io.hpp"

namespace press {

class Config;
class Log;

struct PredictRequest {
  std::vector<std::string> files;
  PatternReadOptions read;
  std::string model_dir;  // empty: the fit
  FitDenoise denoise = FitDenoise::none;
  bool resize = false;
  std::string out, resimulate_dir;
  int threads = 1;
};

void run_predict(const PredictRequest& req, const Config& cfg, const Log& log);

}  // namespace press
