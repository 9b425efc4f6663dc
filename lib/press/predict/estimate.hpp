#pragma once
// Parameter estimates for a user's own patterns (pattern_io.hpp formats), one CSV row each:
//   file,<the kinetics' parameters>,residual,method,status   (Gierer-Meinhardt: a,b,c,delta)
// from the per-instance physics fit (fit.hpp), or from estimates a caller made (a trained model:
// predict.hpp). residual: the mean R_u^2 + R_v^2 of the pattern with the estimate and u's steady
// v (PatternFitter::residual_u, fit.laplacian), so every method is scored alike. method: fit_u,
// fit_u_band, or the caller's (model:<arch>). status: the fit's (converged, at_bound, failed,
// unidentified), or ok. The physics constants (model.s, grid.dx, model.v_floor, model.kinetics) and the fit's
// box (params) come from the config. resimulate_dir: for each row, the pattern simulate makes
// from the estimate (simulate.* settings, the pattern's grid, initial noise keyed by (seed, row
// number)), as DIR/<file>.resim.png, 16-bit, scaled to its own range.
#include <string>
#include <vector>

#include "press/fit/fit.hpp"
#include "press/io/pattern_io.hpp"

namespace press {

class Config;
class Log;

struct EstimateRequest {
  std::vector<std::string> files;
  PatternReadOptions read;
  FitDenoise denoise = FitDenoise::none;
  std::string out, resimulate_dir;
  int threads = 1;
};

struct Estimate {
  Params p;
  double residual = 0;
  std::string status = "ok";
};

// Every pattern of every file. With --resimulate, its PNG paths are refused before any work
// where one is an input, --out or another's path (the tools refuse an --out onto an input).
std::vector<Pattern> read_user_patterns(const EstimateRequest& req);

// With `given` (one estimate per pattern, from `method`) only the residuals are computed;
// without, the fit makes the estimates. Then the CSV (and the re-simulations) are written.
void write_estimates(const EstimateRequest& req, const std::vector<Pattern>& pats, std::vector<Estimate>* given,
                     const std::string& method, const Config& cfg, const Log& log);

}  // namespace press
