#pragma once
// The BINN's ensemble over split seeds as one answer (issue 24, "an ensemble over split seeds";
// BINN.md): the seeds' learned D(u) and G(u) (each train_binn run's diffusion.csv and growth.csv,
// on the same 200-point u grid over the data's 5-95% range) averaged point by point, their weights
// (the training points' histogram, which depends on the split) averaged, then the closed-form step
// and the re-simulation as for one seed. The seeds' spread (sample sd) is kept beside the mean.
#include <string>
#include <vector>

namespace press {

struct EnsembleCurves {
  std::vector<double> u, weight, d, g, d_sd, g_sd;
  std::size_t members = 0;
};

// Reads each run directory's diffusion.csv and growth.csv. press::Error naming the file, line and
// value when a run's u grid differs from the first run's, a column is missing or a value is not a
// number; or when fewer than 2 runs are given (one seed is its own answer).
EnsembleCurves ensemble_curves(const std::vector<std::string>& run_dirs);

// u, weight, d, d_sd, g, g_sd.
std::string ensemble_csv(const EnsembleCurves& e);

}  // namespace press
