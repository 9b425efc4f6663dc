#pragma once
// Training an NCA on trajectories (NCA.md "Training"; the authors' TensorFlow code where the paper
// is silent):
//   data     the observed fields (u, v) of every trajectory in the shards (simulate.frame_every),
//            each trajectory min-max scaled to [0, 1] as a whole; a frame every `t` PDE steps
//            (every t / frame_every saved frame); with nca.noise xi > 0 every value y becomes
//            (1 - xi) y + xi eta, eta ~ U(0, 1) (the paper's Figure 6: U(min, max) before scaling).
//   samples  every transition m-1 -> m of every trajectory, rolled out t NCA steps
//            (backpropagation through all t, truncated there).
//   carry    after each epoch, trajectories 1, 2, ... start transition m from the prediction of
//            frame m-1 (detached, hidden channels included); trajectory 0 starts from the truth
//            with hidden channels 0.
//   loss     mean over samples of the Euclidean norm of (x - y) over the observed channels (not
//            squared), plus range_weight x the mean over the t steps of the sum over all
//            channels and pixels of relu(-x) + relu(x - 1), averaged over samples.
//   update   mini-batches of batch_size in an order keyed by (seed, epoch); each parameter's
//            gradient divided by its own L2 norm (+1e-8); Nadam (nadam.hpp) at a constant lr.
//   keep     the model of the lowest epoch loss after the first keep_after of the epochs.
// Deterministic: the same settings and threads give the same bits, and a run killed and rerun
// resumes from its last checkpoint to the same bits (the batch order is keyed by (seed, epoch);
// the checkpoint holds the parameters, Nadam's state, the carried states and the kept model).
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "press/dynamics/nadam.hpp"
#include "press/dynamics/nca.hpp"

namespace press {

class Config;
class Log;

struct NcaTrainSettings {
  NcaSpec spec;
  int t = 32;             // PDE steps between training frames = NCA steps per transition
  long epochs = 4000;
  int batch_size = 64;
  double lr = 1e-3;
  double range_weight = 0.01;
  double noise = 0;       // xi: the training frames mixed with uniform noise (Figure 6)
  double keep_after = 0.05;
  std::uint32_t seed = 0;
  double progress_seconds = 10;
  double checkpoint_seconds = 60;  // a checkpoint (out_dir/checkpoint.pt) at most this often
  // nca.* keys; seed from --seed or nca.seed.
  static NcaTrainSettings from_config(const Config& cfg);
};

// The training frames: [trajectories][F, observed, n, n] float32 in [0, 1], and each
// trajectory's scale (x = (field - lo) / (hi - lo)).
struct NcaFrames {
  std::vector<torch::Tensor> frames;
  std::vector<double> lo, hi;
  int n = 0;
  double frame_dt = 0;  // PDE time between training frames
  double horizon = 0;   // the PDE time of the last training frame (the longest trajectory)
};
// Every ok trajectory of `shards`, every (t / frame_every)-th saved frame; press::Error naming
// the file when a shard has no frames or t is not a multiple of its frame_every.
NcaFrames read_nca_frames(const std::vector<std::string>& shards, int t);
// The frames mixed with noise: (1 - xi) y + xi eta, eta ~ U(0, 1) per value, keyed by (seed,
// trajectory, value), so a noise study is deterministic. xi = 0 returns the frames unchanged.
NcaFrames mix_noise(const NcaFrames& d, double xi, std::uint32_t seed);

struct NcaTrainSummary {
  long epochs = 0, kept_epoch = -1;
  double kept_loss = 0, last_loss = 0, seconds = 0;
  std::int64_t nca_steps = 0;  // per-sample NCA steps run (forward)
};

// Trains on `data` (mixed with s.noise), writing out_dir/model.pt (the kept model), out_dir/log.csv (epoch, loss, range
// penalty, seconds) and out_dir/settings.yaml, each whole or absent.
NcaTrainSummary train_nca(const NcaTrainSettings& s, const NcaFrames& data, const std::string& out_dir,
                          const Log& log);

// One optimiser step on a batch: the rollout loss, backward, each gradient divided by its own
// L2 norm (+1e-8), Nadam. x becomes the batch's prediction. Returns {loss, range term}.
std::pair<double, double> nca_train_step(Nca nca, Nadam& opt, torch::Tensor& x, const torch::Tensor& y, int steps,
                                         double range_weight);

// The NCA loss of one batch rollout (see above): returns {total, range term}.
std::pair<torch::Tensor, torch::Tensor> nca_rollout_loss(Nca nca, torch::Tensor& x, const torch::Tensor& y,
                                                         int steps, double range_weight);

}  // namespace press
