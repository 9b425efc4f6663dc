#pragma once
// A model directory (DESIGN "model dir"): everything `train` resolved, and where it writes.
//   settings.yaml  the resolved settings (this struct), written first
//   log.csv        one row per epoch
//   model.pt       the trained weights and input scaling, written last: its presence means done
//   state.pt       the last finished epoch (weights, optimiser, log) while training runs; a
//                  rerun with the same settings resumes from it; removed when model.pt is written
#include <cstdint>
#include <string>
#include <vector>

#include "press/model/params.hpp"

namespace press {

class Config;

struct ModelSettings {
  // The experiment cell.
  std::string arch;
  std::size_t n = 0;  // train+val pool size
  double lambda = 0;
  std::uint32_t seed = 0;
  // Data.
  std::string data, splits;
  int grid = 0;  // from the dataset
  std::vector<std::string> inputs;
  ParamRanges ranges;
  // Network shape.
  int cnn_filters = 5, cnn_kernel = 5, cnn_hidden = 5;
  std::vector<long> mlp_hidden;
  double mlp_dropout = 0.2;
  // The protocol (NOTES 5: the authors' choices are train, none, best_val, epoch).
  std::string target_scaling;  // bounds | train: min-max with the box or the training split's range
  std::string input_scaling;   // standardize | none
  std::string keep;            // last | best_val (lowest validation joint NRMSE)
  std::string metrics_scaling; // metrics.scaling: the space of the validation metrics (best_val)
  // Optimisation.
  int epochs = 0, batch_size = 0;
  double lr = 0, lr_start = 0, lr_end = 0, warmup_fraction = 0;
  std::string lr_schedule;     // step | epoch
  std::string laplacian, residual_mask, device;
  int threads = 1;

  static ModelSettings from_config(const Config& cfg);
  std::string to_yaml() const;
  static ModelSettings load(const std::string& model_dir);
};

std::string settings_file(const std::string& dir);
std::string log_file(const std::string& dir);
std::string model_file(const std::string& dir);
std::string state_file(const std::string& dir);

}  // namespace press
