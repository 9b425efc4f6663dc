#pragma once
// The train stage (PRESS 3.3, 4.1.4; NOTES 3, 5): Adam on MSE + lambda * L_phy, batch 32, a
// linear warm-up then cosine learning rate (per step or per epoch), targets min-max scaled with
// the box or the training split's range, the input standardised or raw, and model.pt holding the
// last epoch or the one with the lowest validation joint NRMSE (train.keep).
// Deterministic: the same settings and thread count give identical weights. Each epoch's
// shuffle is keyed by (seed, epoch) and the dropout generator is reseeded from (seed, epoch),
// so a run resumed from state.pt (which also holds the kept epoch's weights) gives the same
// weights, and keeps the same epoch, as an uninterrupted one.
#include <string>

#include <torch/torch.h>

#include "press/learn/model_dir.hpp"
#include "press/learn/physics.hpp"

namespace press {

class Log;

struct TrainSummary {
  int epochs_run = 0;  // in this process (fewer after a resume)
  std::int64_t samples = 0;
  double seconds = 0;
  int kept_epoch = 0;          // the epoch whose weights model.pt holds
  double val_nrmse_joint = 0;  // its validation joint NRMSE
};

// PRESS Eq. 12: total = data + lambda * phy, with data = MSE of the normalised parameters and
// phy = the batch mean of the per-sample residual (Eq. 11) at the de-normalised predictions
// theta = lo + pred * span. With lambda = 0 the physics term is computed without a graph (it is
// only logged) and total = data.
struct LossTerms {
  torch::Tensor total, data, phy;
};
LossTerms press_loss(const torch::Tensor& pred, const torch::Tensor& target, const PatternFields& fields,
                     const torch::Tensor& lo, const torch::Tensor& span, double lambda, const PhysicsOptions& phys);

// How this process runs (not part of the result): progress and resume-point intervals.
struct TrainRun {
  double progress_seconds = 10;
  double checkpoint_seconds = 60;
};

TrainSummary run_training(ModelSettings s, const std::string& out_dir, const TrainRun& run, const Log& log);

// Refuse (press::Error) a model directory whose files would land on an input of this run: the
// data, the split lists of s.n, the config.
void refuse_training_outputs_on_inputs(const ModelSettings& s, const std::string& out_dir, const std::string& config);

// Column header of log.csv.
inline constexpr const char* kTrainLogHeader =
    "epoch,train_loss,train_data,train_phy,val_nrmse_joint,val_nrmse_eq13,val_r2,val_residual,kept_epoch,lr,seconds";

}  // namespace press
