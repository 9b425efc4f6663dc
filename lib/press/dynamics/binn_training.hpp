#pragma once
// Training a BINN (binn.hpp) on density data (issue 24; BINN.md "Training"):
//   split    the data points (x, y, t, u) of one noise level, a val_fraction share for validation
//            in an order keyed by the seed
//   step     a mini-batch of batch_size data points, `collocation` fresh uniform residual points
//            (keyed by (seed, epoch, step)), loss = data MSE + mean r^2 + penalties, Adam at lr
//   keep     the model of the lowest validation loss (data MSE + mean r^2 at a fixed set of 1000
//            residual points); stop after `patience` epochs without a lower one
//   curves   the learned D and G on 200 values of u between the 5th and 95th percentiles of the
//            level's data (metrics' percentile_grid, as sindy is scored), each with a weight (a
//            20-bin histogram of the training u) and, from the data's attributes, the true law: the
//            closed-form step's input (discover/discovery_row scores them)
// Deterministic: the same settings and threads give the same bits. A run killed part-way resumes
// from out_dir/checkpoint.pt (written at most every checkpoint_seconds: the parameters, Adam's
// state, the kept model and the log; the batches and collocation points are keyed by (seed,
// epoch)) to the same bits as an uninterrupted run; the checkpoint goes once model.pt is written.
#include <cstdint>
#include <string>
#include <vector>

#include "press/dynamics/binn.hpp"
#include "press/io/density_io.hpp"

namespace press {

class Config;
class Log;

struct BinnTrainSettings {
  BinnSpec spec;
  long epochs = 10000, patience = 1000;
  int batch_size = 121, collocation = 100;
  double lr = 1e-3, val_fraction = 0.2, progress_seconds = 10, checkpoint_seconds = 60;
  std::uint32_t seed = 0;
  static BinnTrainSettings from_config(const Config& cfg);
};

struct BinnCurves {
  std::vector<double> u, weight, d, g, d_true, g_true;
};

struct BinnSummary {
  long epochs = 0, best_epoch = -1;
  double best_val = 0, seconds = 0;
  BinnCurves curves;
};

// Trains on level `level` of `data`, writing out_dir/model.pt, log.csv, settings.yaml,
// diffusion.csv and growth.csv (u, f, weight, truth), each whole or absent.
BinnSummary train_binn(const BinnTrainSettings& s, const DensityData& data, std::size_t level, const std::string& path,
                       const std::string& out_dir, const Log& log);

}  // namespace press
